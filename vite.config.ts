import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite build`: the library (ESM; React, Radix and react-remove-scroll stay imports, so a host that
// already has them keeps one copy). `vite build --mode demo` (run by server/build.ts): the demo page's
// browser bundle with everything included, under fixed names the server serves at /demo/assets/.
export default defineConfig(({ mode }) =>
  mode === "demo"
    ? {
        plugins: [react(), tailwindcss()],
        define: { "process.env.NODE_ENV": JSON.stringify("production") },
        build: {
          outDir: "server/dist/demo",
          emptyOutDir: true,
          cssCodeSplit: false,
          rollupOptions: {
            input: "demo/main.tsx",
            // One file: the server serves only demo.js and demo.css, so the widget's lazily imported
            // dialog chunk is inlined here (hosts bundling the library still get it as its own chunk).
            output: { entryFileNames: "demo.js", assetFileNames: "demo[extname]", codeSplitting: false },
          },
        },
      }
    : {
        plugins: [react(), tailwindcss()],
        build: {
          outDir: "dist",
          emptyOutDir: true,
          cssCodeSplit: false,
          lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "index.js", cssFileName: "styles" },
          rollupOptions: {
            external: [/^react(-dom)?(\/|$)/, /^@radix-ui\//, /^react-remove-scroll(\/|$)/],
            // Library mode keeps ES output's whitespace by default; the size budget is measured on this file.
            output: { minify: true },
          },
        },
      },
);
