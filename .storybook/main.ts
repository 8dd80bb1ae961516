import type { StorybookConfig } from "@storybook/react-vite";

const config: StorybookConfig = {
  stories: ["../stories/**/*.stories.tsx"],
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
