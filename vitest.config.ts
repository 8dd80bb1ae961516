import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The server runs in Node against real HTTP servers and SQLite files; the widget's unit tests run in
// jsdom; the SSR test renders the widget in plain Node, where there is no window.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "server",
          include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "examples/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: "widget",
          include: ["src/**/*.test.{ts,tsx}"],
          setupFiles: ["./vitest.widget-setup.ts"],
          exclude: ["src/**/*.ssr.test.tsx"],
          environment: "jsdom",
        },
      },
      {
        plugins: [react()],
        test: { name: "ssr", include: ["src/**/*.ssr.test.tsx"], environment: "node" },
      },
    ],
  },
});
