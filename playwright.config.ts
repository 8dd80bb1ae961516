import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/constants";

// Debian's Chromium, never a downloaded browser (`npx playwright install` is not used anywhere).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  snapshotPathTemplate: "e2e/__screenshots__/{testFilePath}/{arg}{ext}",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000, toHaveScreenshot: { maxDiffPixelRatio: 0.02, animations: "disabled" } },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: chromium,
    baseURL: E2E.serverUrl,
    trace: "retain-on-failure",
  },
  projects: [{ name: "chromium" }],
  webServer: [
    {
      // The real server in sandbox mode, with its own fresh SQLite file.
      command: "node --import tsx e2e/support/start-server.ts",
      url: `${E2E.serverUrl}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node --import tsx e2e/support/start-server.ts --coop",
      url: `${E2E.coopServerUrl}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A second origin: host pages that mount the library or embed the demo in an iframe.
      command: `npx vite --config e2e/host/vite.config.ts --port ${E2E.hostPort} --strictPort --host 127.0.0.1`,
      url: `${E2E.hostUrl}/index.html`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The same host pages on React 18.
      command: `npx vite --config e2e/host/vite.react18.config.ts --port ${E2E.react18HostPort} --strictPort --host 127.0.0.1`,
      url: `${E2E.react18HostUrl}/index.html`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --import tsx e2e/support/static-server.ts storybook-static ${E2E.storybookPort}`,
      url: `${E2E.storybookUrl}/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
