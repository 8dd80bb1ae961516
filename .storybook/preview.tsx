import type { Preview } from "@storybook/react-vite";
import "../src/styles.css";
import { loadConnectDialog } from "../src/connect/dialog/load-dialog";
import { catalogues } from "../src/i18n/catalogues";
import type { Locale, Theme } from "../src/index";
import { FakeMorphProvider } from "../stories/support/fake-morph-provider";
import type { MorphStoryParameters } from "../stories/support/fake-morph-provider";
import "./preview.css";

const THEMES: Theme[] = ["light", "dark", "system"];
const LOCALES = Object.keys(catalogues) as Locale[];

// Globals also arrive from the URL (`?globals=theme:dark;locale:nl`): anything unknown falls back.
const themeOf = (value: unknown): Theme => (THEMES.includes(value as Theme) ? (value as Theme) : "light");
const localeOf = (value: unknown): Locale => (LOCALES.includes(value as Locale) ? (value as Locale) : "en");

const preview: Preview = {
  // An autodocs page per story file: its description, the component's props, every story.
  tags: ["autodocs"],
  globalTypes: {
    theme: {
      description: "Widget theme (Morph.Provider `theme`)",
      toolbar: {
        title: "Theme",
        icon: "mirror",
        items: [
          { value: "light", title: "Light", icon: "sun" },
          { value: "dark", title: "Dark", icon: "moon" },
          { value: "system", title: "System", icon: "browser" },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: "Widget language (Morph.Provider `locale`)",
      toolbar: {
        title: "Locale",
        icon: "globe",
        items: [
          { value: "en", title: "English" },
          { value: "nl", title: "Nederlands" },
          { value: "de", title: "Deutsch" },
          { value: "fr", title: "Français" },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: "light", locale: "en" },
  parameters: {
    layout: "centered",
    // The page background follows the theme global instead (preview.css).
    backgrounds: { disable: true },
    controls: { expanded: true },
    options: { storySort: { order: ["Getting started", "Connect", ["Flow", "States", "Errors"]] } },
    // The dialog is modal and portalled to <body>: on a docs page, each story gets its own iframe,
    // so that one story's open dialog (and its focus trap and scroll lock) stays inside its own frame.
    docs: { story: { inline: false, iframeHeight: 560 } },
  },
  // The dialog's lazily loaded chunk, up front: every story then shows the same picture at once (the
  // shell a click can meet before the chunk arrives has a story of its own).
  loaders: [async () => ({ connectDialog: await loadConnectDialog() })],
  decorators: [
    (Story, { globals, parameters, id }) => (
      // Keyed by story: every story starts from a fresh fake server and popup opener.
      <FakeMorphProvider
        key={id}
        theme={themeOf(globals.theme)}
        locale={localeOf(globals.locale)}
        fakes={parameters.morph as MorphStoryParameters | undefined}
      >
        <Story />
      </FakeMorphProvider>
    ),
  ],
};

export default preview;
