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
});
