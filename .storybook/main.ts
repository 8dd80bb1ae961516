import type { StorybookConfig } from "@storybook/react-vite";

const config: StorybookConfig = {
  // The "Getting started" page (MDX) first, then the stories; every story file also gets an autodocs
  // page (`tags: ["autodocs"]` in preview.tsx).
  stories: ["../stories/**/*.mdx", "../stories/**/*.stories.tsx"],
  addons: ["@storybook/addon-docs"],
  framework: {
    name: "@storybook/react-vite",
    // The root vite.config.ts describes the library and demo builds (lib entry, fixed file names);
    // Storybook only needs the plugins, so it gets a config of its own.
    options: { builder: { viteConfigPath: ".storybook/vite.config.ts" } },
  },
  // Stories run offline against the fake transport: no telemetry or "what's new" requests either.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
