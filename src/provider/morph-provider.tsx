import { useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { resolveLocale } from "../i18n/locale";
import type { Locale } from "../i18n/locale";
import { createHttpTransport } from "../transport/http-transport";
import type { Transport } from "../transport/transport";
import { appearanceStyle } from "./appearance";
import type { Appearance, Theme } from "./appearance";
import { MorphContext } from "./morph-context";
import type { MorphContextValue } from "./morph-context";
import { openBrowserPopup } from "./popup-opener";
import type { PopupOpener } from "./popup-opener";

export interface MorphProviderProps {
  /** Base URL of the morph-connect server, e.g. `https://connect.example.com`. */
  serverUrl: string;
  theme?: Theme;
  /** Defaults to the browser's language, then English. */
  locale?: Locale;
  appearance?: Appearance;
  /** For tests and stories only: replaces HTTP (see `createFakeTransport` in `src/testing`). */
  transport?: Transport;
  /** For tests only: replaces `window.open`. */
  popupOpener?: PopupOpener;
  children?: ReactNode;
}

const subscribeNever = () => () => {};
// The server renders English; the browser's language is read only on the client (SSR-safe, no hydration warning).
const browserLanguage = () => navigator.language;
const serverLanguage = () => "en";

function MorphProvider({
  serverUrl,
  theme = "system",
  locale,
  appearance,
  transport,
  popupOpener = openBrowserPopup,
  children,
}: MorphProviderProps) {
  const detected = useSyncExternalStore(subscribeNever, browserLanguage, serverLanguage);
  const activeLocale = locale ?? resolveLocale(detected);
  const activeTransport = useMemo(() => transport ?? createHttpTransport(serverUrl), [transport, serverUrl]);
  const { primaryColor, primaryForegroundColor, radius, fontFamily } = appearance ?? {};

  const value = useMemo<MorphContextValue>(
    () => ({
      transport: activeTransport,
      popupOpener,
      locale: activeLocale,
      rootProps: {
        "data-morph-root": "",
        "data-theme": theme,
        lang: activeLocale,
        style: appearanceStyle({ primaryColor, primaryForegroundColor, radius, fontFamily }),
      },
    }),
    [activeTransport, popupOpener, activeLocale, theme, primaryColor, primaryForegroundColor, radius, fontFamily],
  );
  return <MorphContext.Provider value={value}>{children}</MorphContext.Provider>;
}

/**
 * `<Morph.Provider>`: configures every `Connect` below it. The same component is exported by name as
 * `MorphProvider` for React Server Components: a Next.js server component receives a client module's
 * exports as references and cannot read a property of one (`Morph.Provider` renders as undefined there).
 */
export const Morph = { Provider: MorphProvider };
export { MorphProvider };
