/** A stopping process gives the inbox rows it has not started back: claimable at once, their attempt not counted. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../../storage/database";
import { claimInboxEvents, returnInboxEvents, storeInboxEvent } from "./inbox-repo";

describe("returnInboxEvents", () => {
  let dir: string;
  let db: Db;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-inbox-return-"));
    db = await openDatabase(`file:${join(dir, "inbox.db")}`);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("unclaims only the named rows of that claim, with the claim's attempt taken back", async () => {
    for (const key of ["a", "b", "c"]) await storeInboxEvent(db, { division: 1, topic: "Contacts", action: "Update", key: `00000000-0000-0000-0000-00000000000${key}`, eventCreatedOn: null }, 1_000);
    const claim = await claimInboxEvents(db, 2_000, 10, 300_000);
    expect(claim.events).toHaveLength(3);
    const [started, ...notStarted] = claim.events;
    await returnInboxEvents(db, "another-claim", notStarted.map((e) => e.id));
    expect((await claimInboxEvents(db, 2_001, 10, 300_000)).events).toHaveLength(0);

    await returnInboxEvents(db, claim.token, notStarted.map((e) => e.id));
    // Another process takes them at once, long before the first claim's five minutes are out.
    const next = await claimInboxEvents(db, 2_002, 10, 300_000);
    expect(next.events.map((e) => e.id).sort()).toEqual(notStarted.map((e) => e.id).sort());
    expect(next.events.map((e) => e.attempts)).toEqual([1, 1]);
    const still = await db.selectFrom("exact_inbox").select(["claim_token", "attempts"]).where("id", "=", started!.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ claim_token: claim.token, attempts: 1 });
  });
});
