import { transform } from "esbuild";
import { readFileSync } from "node:fs";
import * as jsxRuntime from "react/jsx-runtime";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

// Runs in plain Node (no window, no document): importing and server-rendering must not touch either.
describe("server-side rendering", () => {
  it("imports and renders without a DOM", async () => {
    expect(typeof window).toBe("undefined");
    const { Morph, Connect } = await import("./index");
    const html = renderToString(
      <Morph.Provider serverUrl="https://connect.example.com" theme="dark" locale="nl">
        <Connect sessionToken="token" />
      </Morph.Provider>,
    );
    expect(html).toContain("data-morph-root");
    expect(html).toContain('data-theme="dark"');
  });

  // A React Server Component (Next.js App Router) cannot read `Morph.Provider` off a client reference:
  // the same provider is exported by name.
  it("renders with MorphProvider, the named export of Morph.Provider", async () => {
    const { Morph, MorphProvider, Connect } = await import("./index");
    expect(MorphProvider).toBe(Morph.Provider);
    const html = renderToString(
      <MorphProvider serverUrl="https://connect.example.com" theme="light" locale="de">
        <Connect sessionToken="token" />
      </MorphProvider>,
    );
    expect(html).toContain('lang="de"');
    expect(html).toContain("Exact Online");
  });

  // The README's "The widget, in ten lines", exactly as printed there, compiled and rendered.
  it("renders the README's widget example as written", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const source = readme.split("## The widget, in ten lines")[1]?.match(/```tsx\n([\s\S]*?)```/)?.[1];
    expect(source).toBeDefined();
    const { code } = await transform(source!, { loader: "tsx", format: "cjs", jsx: "automatic" });
    const library = await import("./index");
    const modules: Record<string, unknown> = { "morph-connect": library, "morph-connect/styles.css": {}, "react/jsx-runtime": jsxRuntime };
    const module = { exports: {} as Record<string, unknown> };
    new Function("require", "module", "exports", code)((name: string) => modules[name], module, module.exports);
    const Integrations = module.exports.Integrations as (props: { sessionToken: string }) => React.ReactElement;
    const html = renderToString(<Integrations sessionToken="token" />);
    expect(html).toContain('lang="nl"');
    expect(html).toContain("Exact Online");
  });
});
