/**
 * Exact's notification, from raw body to inbox row. Answers fast: verify, store, and let the processor do
 * the rest (Exact expects a quick 200 and retries otherwise).
 */
import { z } from "zod";
import type { Clock } from "../../../clock";
import type { Db } from "../../../storage/database";
import { insertInboxEvent } from "./inbox-repo";
import { hashCodeMatches, signedParts } from "./receiver-hash";

const content = z.object({
  Topic: z.string().min(1).max(64),
  Division: z.coerce.number().int().positive(),
  Action: z.enum(["Create", "Update", "Delete"]),
  Key: z.string().min(1).max(64),
  EventCreatedOn: z.string().max(64).optional().nullable(),
});

export type ReceiveOutcome =
  /** Exact's empty POST when a subscription is made: it only wants a 200. */
  | { kind: "validation" }
  | { kind: "stored"; id: string }
  /** Authentic, but about a topic no model reads: acknowledged, nothing stored. */
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
  const id = await insertInboxEvent(
    deps.db,
    { division: Division, topic: Topic, action: Action, key: Key.toLowerCase(), eventCreatedOn: EventCreatedOn ?? null },
    deps.clock.now(),
  );
  return { kind: "stored", id };
}
