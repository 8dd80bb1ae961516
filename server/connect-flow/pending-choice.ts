/**
 * The first half of choosing divisions at connect time (issue 18): the token reaches several divisions, so nothing is
 * stored yet. The fresh tokens, the Exact user and the divisions are sealed (a JWE under MORPH_ENCRYPTION_KEY) into
 * the attempt's row, which waits in status `choosing`; the picker page gets a single-use choice token whose SHA-256
 * alone is stored. The second half (the user's answer) is division-choice.ts.
 */
import { createHash, randomBytes } from "node:crypto";
import type { DivisionSelection } from "../../src/protocol";
import type { AuthorizedAccount } from "../connectors/exact-online/authorization";
import type { TokenSet } from "../connectors/exact-online/oauth-client";
import type { ServerContext } from "../context";
import { seal, unseal } from "../security/sealed";
import { beginChoice, STATE_TTL_MS, type OAuthStateRecord } from "../storage/oauth-states-repo";
import type { CallbackResult } from "./connect-flow";

/** What the picker page shows: never a provider token; the choice token is the form's only secret. */
export interface DivisionPicker {
  choiceToken: string;
  divisions: Array<{ code: number; name: string }>;
  /** Pre-selected when the user granted it (Exact's CurrentDivision may be one they did not). */
  currentDivision: number | null;
  selection: DivisionSelection;
  /** The page again after a refused answer (none chosen). */
  error?: "none_chosen";
}

/** What waits, sealed, in oauth_states.pending_choice. */
export interface SealedChoice {
  tokens: TokenSet;
  userId: string;
  currentDivision: number;
  divisions: Array<{ code: number; name: string; isMain: boolean }>;
}

/** `mch_` + 43 base64url characters (256 random bits): the picker form's single-use capability. */
export const CHOICE_TOKEN_PATTERN = /^mch_[A-Za-z0-9_-]{43}$/;
export const hashChoiceToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The page's view of a sealed choice: the current division only when the user granted it. */
export function pickerOf(choice: SealedChoice, choiceToken: string, selection: DivisionSelection, error?: DivisionPicker["error"]): DivisionPicker {
  const granted = choice.divisions.some((d) => d.code === choice.currentDivision);
  return {
    choiceToken,
    divisions: choice.divisions.map(({ code, name }) => ({ code, name })),
    currentDivision: granted ? choice.currentDivision : null,
    selection,
    ...(error ? { error } : {}),
  };
}

/**
 * consumed → choosing: seals what the choice needs and returns the picker. The user has a fresh STATE_TTL_MS to
 * choose (the consent may have used most of the state's); after it the attempt reads as expired.
 */
export async function beginDivisionChoice(ctx: ServerContext, state: string, record: OAuthStateRecord, account: AuthorizedAccount): Promise<CallbackResult> {
  const choice: SealedChoice = { tokens: account.tokens, userId: account.userId, currentDivision: account.currentDivision, divisions: account.divisions };
  const sealed = await seal(ctx.config.encryptionKey, new TextEncoder().encode(JSON.stringify(choice)));
  const choiceToken = `mch_${randomBytes(32).toString("base64url")}`;
  const begun = await beginChoice(ctx.db, state, { sealed, choiceHash: hashChoiceToken(choiceToken), expiresAt: ctx.clock.now() + STATE_TTL_MS });
  if (!begun) return { kind: "refused", title: "This connection attempt has ended", text: "Start the connection again from the app." };
  return { kind: "choosing", record, picker: pickerOf(choice, choiceToken, record.divisionSelection ?? "multiple") };
}

export async function openSealedChoice(ctx: ServerContext, sealed: string): Promise<SealedChoice> {
  return JSON.parse(new TextDecoder().decode(await unseal(ctx.config.encryptionKey, sealed))) as SealedChoice;
}
