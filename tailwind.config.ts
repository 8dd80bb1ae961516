import type { Config } from "tailwindcss";

/**
 * Loaded by `src/styles.css` with `@config`. Only the widget's own source is scanned, so server code,
 * stories and tests never add classes to the CSS that hosts ship.
 */
export default {
  content: ["./src/**/*.{ts,tsx}"],
} satisfies Config;
