import type { CSSProperties } from "react";

export type Theme = "light" | "dark" | "system";

/** Brand settings applied as `--morph-*` variables on the widget root; hosts may also set them in CSS. */
export interface Appearance {
  primaryColor?: string;
  primaryForegroundColor?: string;
  radius?: string;
  fontFamily?: string;
}

export function appearanceStyle(appearance: Appearance | undefined): CSSProperties | undefined {
  if (!appearance) return undefined;
  const entries = {
    "--morph-primary": appearance.primaryColor,
    "--morph-primary-foreground": appearance.primaryForegroundColor,
    "--morph-radius": appearance.radius,
    "--morph-font": appearance.fontFamily,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value)) as CSSProperties;
}
