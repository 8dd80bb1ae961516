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
});
