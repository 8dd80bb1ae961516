/**
 * The second half of choosing divisions at connect time (issue 18): the picker's form comes back with the choice
 * token and the codes. Refused answers store nothing and leave the attempt as it was; an accepted one takes the
 * token (single use), asks Exact's UserHasRights per chosen division and stores the connection through the same
 * path as a one-division callback (connect-flow.ts), so links, events and one-user-two-owners behave the same.
 */
import type { ServerContext } from "../context";
import { cancelChoice, findChoice, takeChoice, type OAuthStateRecord } from "../storage/oauth-states-repo";
import { attemptFailure, connectionMade, endAttempt, rightsOf, storeConnection, wakeAttempt, type CallbackResult } from "./connect-flow";
import { CHOICE_TOKEN_PATTERN, hashChoiceToken, openSealedChoice, pickerOf, type DivisionPicker } from "./pending-choice";

/** Codes are Exact's division numbers: a few digits, never more than 10. */
const CODE_PATTERN = /^\d{1,10}$/;

export type ChoiceAnswer =
  | CallbackResult
  /** Nothing chosen: the same page again, with its error. */
  | { kind: "again"; record: OAuthStateRecord; picker: DivisionPicker }
  /** A code the token does not reach, or two where one is asked: refused, nothing stored. */
  | { kind: "bad_choice"; record: OAuthStateRecord; message: string };

const notUsable: CallbackResult = {
  kind: "refused",
  title: "This choice can no longer be used",
  text: "It was already sent, or the connection attempt was cancelled or has ended. Start the connection again from the app.",
};

/** The user's answer: `codes` as the form sent them (strings, repeated `division` fields). */
export async function submitDivisionChoice(ctx: ServerContext, input: { choiceToken: string | undefined; codes: string[] }): Promise<ChoiceAnswer> {
  const token = input.choiceToken ?? "";
  if (!CHOICE_TOKEN_PATTERN.test(token)) return notUsable;
  const choiceHash = hashChoiceToken(token);
  const found = await findChoice(ctx.db, choiceHash, ctx.clock.now());
  if (found.kind === "invalid") return notUsable;
  const { stateHash, record } = found.attempt;
  if (found.kind === "expired") return endAttempt(ctx, stateHash, record, "This connection attempt expired", "Start the connection again from the app.", { status: "expired" });

  const choice = await openSealedChoice(ctx, found.attempt.sealed);
  const selection = record.divisionSelection ?? "multiple";
  const asked = [...new Set(input.codes.filter((code) => code !== ""))];
  const reachable = new Map(choice.divisions.map((d) => [String(d.code), d]));
  const unknown = asked.filter((code) => !CODE_PATTERN.test(code) || !reachable.has(code));
  if (unknown.length) {
    return { kind: "bad_choice", record, message: `division: not one of the administrations offered: ${unknown.slice(0, 5).join(", ").slice(0, 120)}` };
  }
  if (asked.length === 0) return { kind: "again", record, picker: pickerOf(choice, token, selection, "none_chosen") };
  if (selection === "single" && asked.length > 1) return { kind: "bad_choice", record, message: "division: choose one administration only" };

  // Single use: a second post of the same form, or one after a cancel or the TTL, finds nothing to take.
  if (!(await takeChoice(ctx.db, choiceHash, ctx.clock.now()))) return notUsable;
  // In the order the page listed them; the default is the current division when chosen, else the first chosen.
  const chosen = choice.divisions.filter((d) => asked.includes(String(d.code)));
  const defaultDivision = chosen.find((d) => d.code === choice.currentDivision)?.code ?? chosen[0]!.code;
  try {
    const divisions = await rightsOf(ctx, record, choice.tokens.accessToken, chosen);
    const connection = await storeConnection(ctx, record, choice, divisions, defaultDivision);
    return await connectionMade(ctx, stateHash, record, connection);
  } catch (cause) {
    const { code, message } = attemptFailure(cause, record);
    return endAttempt(ctx, stateHash, record, "Connection failed", message, { status: "failed", error: { code, message } });
  }
}

/** The user left the picker (popup closed, tab left): the attempt ends as cancelled and nothing is stored. */
export async function cancelDivisionChoice(ctx: ServerContext, choiceToken: string | undefined): Promise<void> {
  if (!choiceToken || !CHOICE_TOKEN_PATTERN.test(choiceToken)) return;
  const record = await cancelChoice(ctx.db, hashChoiceToken(choiceToken));
  if (record) wakeAttempt(ctx, record);
}
