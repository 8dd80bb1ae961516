/** The refusal of a reconnect link used by another Exact user: one text, so the hosted page can show it in the user's language. */
export const USER_MISMATCH_MESSAGE =
  "This link reconnects an existing Exact Online connection and accepts only the Exact Online user who made it. Nothing was changed. Sign in to Exact Online as that user, or ask for a new link.";
