// The languages the widget speaks. Light on purpose: the first load needs this, not the catalogues.
export const LOCALES = ["en", "nl", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

/** `nl-BE` → `nl`; anything we do not speak → `en`. */
export function resolveLocale(requested: string | undefined): Locale {
  const language = requested?.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(language ?? "") ? (language as Locale) : "en";
}
