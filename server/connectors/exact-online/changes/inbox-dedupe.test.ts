/** The inbox stores a notification once, and keeps one pending row per record however often Exact names it. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../../storage/database";
import { claimInboxEvents, deleteProcessedInboxEvents, markInboxDone, releaseInboxEvents, storeInboxEvent, type NewInboxEvent } from "./inbox-repo";

const KEY = "00000000-0000-0000-0000-0000000000aa";
const notification = (action: NewInboxEvent["action"], eventCreatedOn: string | null, key = KEY): NewInboxEvent => ({ division: 1234567, topic: "Contacts", action, key, eventCreatedOn });

describe("storeInboxEvent", () => {
  let dir: string;
  let db: Db;
  const rows = () => db.selectFrom("exact_inbox").selectAll().orderBy("received_at").orderBy("id").execute();
  const pending = async () => (await rows()).filter((row) => row.status === "pending");

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-inbox-"));
    db = await openDatabase(`file:${join(dir, "inbox.db")}`);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores a replay of the same notification once, even after it was processed", async () => {
    const first = await storeInboxEvent(db, notification("Update", "2026-03-02T09:00:00.123"), 1_000);
    expect(first).toBeDefined();
    expect(await storeInboxEvent(db, notification("Update", "2026-03-02T09:00:00.123"), 1_001)).toBeUndefined();
    const claim = await claimInboxEvents(db, 2_000, 10, 60_000);
    await markInboxDone(db, claim.token, [first!], 2_000);
    expect(await storeInboxEvent(db, notification("Update", "2026-03-02T09:00:00.123"), 3_000)).toBeUndefined();
    expect(await storeInboxEvent(db, notification("Update", null), 3_001)).toBeDefined();
    expect(await storeInboxEvent(db, notification("Update", null), 3_002)).toBeUndefined();
    expect(await rows()).toHaveLength(2);
  });

  it("collapses a record's pending notifications into one, first in the queue, a Create remembered", async () => {
    await storeInboxEvent(db, notification("Create", "t1"), 1_000);
    await storeInboxEvent(db, notification("Update", "t2"), 1_001);
    await storeInboxEvent(db, notification("Update", "t3"), 1_002);
    await storeInboxEvent(db, notification("Update", "t1", "00000000-0000-0000-0000-0000000000bb"), 1_003);
    const [contact, other] = await pending();
    expect(contact).toMatchObject({ entity_key: KEY, action: "Create", event_created_on: "t3", received_at: 1_000 });
    expect(other).toMatchObject({ entity_key: "00000000-0000-0000-0000-0000000000bb", action: "Update" });
    expect((await rows()).filter((row) => row.status === "superseded")).toHaveLength(2);
  });

  it("a Delete after a Create stays a Delete", async () => {
    await storeInboxEvent(db, notification("Create", "t1"), 1_000);
    await storeInboxEvent(db, notification("Delete", "t2"), 1_001);
    expect(await pending()).toEqual([expect.objectContaining({ action: "Delete", received_at: 1_000 })]);
  });

  it("leaves a row a processor holds alone: the new notification waits behind it", async () => {
    const held = await storeInboxEvent(db, notification("Update", "t1"), 1_000);
    const claim = await claimInboxEvents(db, 1_500, 10, 60_000);
    await storeInboxEvent(db, notification("Update", "t2"), 2_000);
    expect(await pending()).toHaveLength(2);
    await markInboxDone(db, claim.token, [held!], 2_500);
    expect(await pending()).toEqual([expect.objectContaining({ event_created_on: "t2", claim_token: null })]);
  });

  it("keeps a backing-off retry's schedule and attempts", async () => {
    const failing = await storeInboxEvent(db, notification("Update", "t1"), 1_000);
    const claim = await claimInboxEvents(db, 1_000, 10, 60_000);
    await releaseInboxEvents(db, claim.token, [failing!], "rate limited", 61_000, 10);
    await storeInboxEvent(db, notification("Update", "t2"), 2_000);
    expect(await pending()).toEqual([expect.objectContaining({ event_created_on: "t2", next_attempt_at: 61_000, attempts: 1, received_at: 1_000 })]);
  });

  it("sweeps superseded rows with the done ones", async () => {
    await storeInboxEvent(db, notification("Update", "t1"), 1_000);
    await storeInboxEvent(db, notification("Update", "t2"), 1_001);
    await deleteProcessedInboxEvents(db, 5_000);
    expect((await rows()).map((row) => row.status)).toEqual(["pending"]);
  });
});
