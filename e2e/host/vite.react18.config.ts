import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The same host pages as vite.config.ts, built against React 18 (the peer range claims ^18.2): every
// `react`, `react/*`, `react-dom` and `react-dom/*` import, the widget's and Radix's included, resolves
// to e2e/react18's copy. Its own dependency cache, so the two host servers never share one.
const react18 = (name: string) => fileURLToPath(new URL(`../react18/node_modules/${name}`, import.meta.url));

export default defineConfig({
  root: "e2e/host",
  cacheDir: fileURLToPath(new URL("../../node_modules/.vite-host-react18", import.meta.url)),
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: [
      { find: /^react(\/.*)?$/, replacement: `${react18("react")}$1` },
      { find: /^react-dom(\/.*)?$/, replacement: `${react18("react-dom")}$1` },
    ],
  },
  server: { fs: { allow: ["../.."] } },
  logLevel: "warn",
});
