import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Morph } from "../../src/index";
import type { Locale, Theme } from "../../src/index";
import { createFakePopupOpener, createFakeTransport, FAKE_ORIGIN } from "../../src/testing";
import type { FakeScenario } from "../../src/testing";

/** `parameters.morph` of a story: how the in-memory server and the browser behave. */
export interface MorphStoryParameters {
  /** The fake server's behaviour (see `createFakeTransport`); default: every attempt succeeds. */
  scenario?: FakeScenario;
  /** The browser blocks the consent popup (`window.open` returns null). */
  popupBlocked?: boolean;
}

export interface FakeMorphProviderProps {
  theme: Theme;
  locale: Locale;
  fakes?: MorphStoryParameters;
  children?: ReactNode;
}

/**
 * `Morph.Provider` on a fake server and a fake `window.open`: stories never reach a network. The fakes
 * are made once per mount, so switching theme or language in the toolbar keeps the story's progress.
 */
function FakeMorphProvider({ theme, locale, fakes = {}, children }: FakeMorphProviderProps) {
  const [transport] = useState(() => createFakeTransport(fakes.scenario));
  const [popupOpener] = useState(() => createFakePopupOpener({ blocked: fakes.popupBlocked }));

  // The page around the widget follows the theme too (.storybook/preview.css).
  useEffect(() => {
    document.documentElement.dataset.storyTheme = theme;
  }, [theme]);

  return (
    <Morph.Provider serverUrl={FAKE_ORIGIN} theme={theme} locale={locale} transport={transport} popupOpener={popupOpener}>
      {children}
    </Morph.Provider>
  );
}

export { FakeMorphProvider };
