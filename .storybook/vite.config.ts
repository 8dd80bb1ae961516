import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Storybook's Vite config: the same plugins as the library build (src/styles.css needs Tailwind),
// none of its `build.lib` settings. Storybook adds its own entry, output and dev-server options.
export default defineConfig({
  plugins: [react(), tailwindcss()],
});
