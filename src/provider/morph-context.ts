import { createContext, useContext } from "react";
import type { CSSProperties } from "react";
import type { Locale } from "../i18n/locale";
import type { Transport } from "../transport/transport";
import type { Theme } from "./appearance";
import type { PopupOpener } from "./popup-opener";

export interface MorphContextValue {
  transport: Transport;
  popupOpener: PopupOpener;
  locale: Locale;
  /** Spread on every element that roots widget UI (including the dialog portal). */
  rootProps: { "data-morph-root": ""; "data-theme": Theme; lang: Locale; style?: CSSProperties };
}

export const MorphContext = createContext<MorphContextValue | null>(null);

/**
 * `consumerName` names the caller in the error a missing provider throws: a public component or hook.
 * The dialog's internal parts pass `ConnectView`, the public component they render inside.
 */
export function useMorph(consumerName: string): MorphContextValue {
  const context = useContext(MorphContext);
  if (!context) throw new Error(`\`${consumerName}\` must be used within \`Morph.Provider\``);
  return context;
}
