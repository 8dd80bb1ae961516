import { de } from "./de";
import { en } from "./en";
import type { Messages } from "./en";
import { fr } from "./fr";
import { nl } from "./nl";

export const catalogues = { en, nl, de, fr } satisfies Record<string, Messages>;
export type Locale = keyof typeof catalogues;

/** `nl-BE` → `nl`; anything we do not speak → `en`. */
export function resolveLocale(requested: string | undefined): Locale {
  const language = requested?.slice(0, 2).toLowerCase();
  return language && language in catalogues ? (language as Locale) : "en";
}
