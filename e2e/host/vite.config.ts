import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Host pages on a second origin (127.0.0.1:8800): a customer's app that mounts <Connect>, one with
// hostile global CSS, and one that embeds the demo in an iframe.
export default defineConfig({
  root: "e2e/host",
  plugins: [react(), tailwindcss()],
  server: { fs: { allow: ["../.."] } },
  logLevel: "warn",
});
