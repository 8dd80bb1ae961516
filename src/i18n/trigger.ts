import type { Locale } from "./locale";

/**
 * What the Connect button (and the dialog's title) can say, in every language. This is all of the
 * catalogues that the first load carries; the rest comes with the dialog's chunk (`catalogues.ts`).
 */
export const triggerMessages = {
  en: { trigger: "Connect Exact Online", triggerConnected: "Exact Online connected", triggerReauth: "Reconnect Exact Online" },
  nl: { trigger: "Koppel Exact Online", triggerConnected: "Exact Online gekoppeld", triggerReauth: "Exact Online opnieuw koppelen" },
  de: { trigger: "Exact Online verbinden", triggerConnected: "Exact Online verbunden", triggerReauth: "Exact Online erneut verbinden" },
  fr: { trigger: "Connecter Exact Online", triggerConnected: "Exact Online connecté", triggerReauth: "Reconnecter Exact Online" },
} satisfies Record<Locale, { trigger: string; triggerConnected: string; triggerReauth: string }>;

export type TriggerMessages = (typeof triggerMessages)["en"];
