/**
 * Exact's notification, from raw body to inbox row. Answers fast: verify, store, and let the processor do
 * the rest (Exact expects a quick 200 and retries otherwise).
 */
import { z } from "zod";
import type { Clock } from "../../../clock";
import type { Db } from "../../../storage/database";
import { storeInboxEvent } from "./inbox-repo";
import { hashCodeMatches, signedParts } from "./receiver-hash";

/** The largest division the inbox can hold: its column is a 32-bit integer (PostgreSQL refuses more with a 500). */
const MAX_DIVISION = 2_147_483_647;
/**
 * Visible ASCII and spaces only: Exact's topics, keys (GUIDs) and dates are nothing else, and PostgreSQL
 * refuses a NUL in text outright (a 500 where SQLite would store it).
 */
const printable = (max: number) => z.string().max(max).regex(/^[\x20-\x7e]*$/);

const content = z.object({
  Topic: printable(64).min(1),
  Division: z.coerce.number().int().positive().max(MAX_DIVISION),
  Action: z.enum(["Create", "Update", "Delete"]),
  Key: printable(64).min(1),
  EventCreatedOn: printable(64).optional().nullable(),
});

export type ReceiveOutcome =
  /** Exact's empty POST when a subscription is made: it only wants a 200. */
  | { kind: "validation" }
  | { kind: "stored"; id: string }
  /** Authentic, but nothing to store: a topic no model reads, or a replay of a notification already stored. Acknowledged. */
  | { kind: "ignored" }
  | { kind: "refused"; reason: string };

export async function receiveExactNotification(
  deps: { db: Db; clock: Clock; webhookSecret: string | undefined; knownTopics: ReadonlySet<string> },
  body: string,
): Promise<ReceiveOutcome> {
  if (body.trim() === "") return { kind: "validation" };
  if (!deps.webhookSecret) return { kind: "refused", reason: "no EXACT_WEBHOOK_SECRET is configured" };
  const signed = signedParts(body);
  if (!signed) return { kind: "refused", reason: "not a signed Exact notification" };
  if (!hashCodeMatches(signed.contentText, signed.hashCode, deps.webhookSecret)) return { kind: "refused", reason: "HashCode does not match" };
  const parsed = content.safeParse(JSON.parse(signed.contentText));
  if (!parsed.success) return { kind: "refused", reason: "Content is not an Exact notification" };
  const { Topic, Division, Action, Key, EventCreatedOn } = parsed.data;
  if (!deps.knownTopics.has(Topic)) return { kind: "ignored" };
  const id = await storeInboxEvent(
    deps.db,
    { division: Division, topic: Topic, action: Action, key: Key.toLowerCase(), eventCreatedOn: EventCreatedOn ?? null },
    deps.clock.now(),
  );
  // A replay gets Exact's 200 too: refusing it would only make Exact (or whoever replays it) send it again.
  return id === undefined ? { kind: "ignored" } : { kind: "stored", id };
}
