// A customer's page on another origin: its backend minted `?token=`; the page mounts <Connect> when
// the test calls `window.mountWidget()` (so that a test can compare the host before and after).
declare global {
  interface Window {
    __hostEvents: Array<{ type: string; payload?: unknown }>;
    /** The React that rendered the widget: 19 on vite.config.ts's server, 18 on vite.react18.config.ts's. */
    __hostReactVersion?: string;
    mountWidget: () => Promise<void>;
  }
}

const params = new URLSearchParams(location.search);
window.__hostEvents = [];

window.mountWidget = async () => {
  const [{ createElement, StrictMode, version }, { createRoot }, { Morph, Connect }] = await Promise.all([
    import("react"),
    import("react-dom/client"),
    import("../../src/index"),
    import("../../src/styles.css"),
  ]);
  window.__hostReactVersion = version;
  const record = (type: string) => (payload?: unknown) => window.__hostEvents.push({ type, payload });
  const theme = (params.get("theme") ?? "light") as "light" | "dark" | "system";
  const locale = (params.get("locale") ?? undefined) as "en" | "nl" | "de" | "fr" | undefined;
  createRoot(document.getElementById("widget")!).render(
    createElement(
      StrictMode,
      null,
      createElement(
        Morph.Provider,
        {
          serverUrl: params.get("server") ?? "http://localhost:8799",
          theme,
          locale,
          appearance: params.has("primary") ? { primaryColor: params.get("primary")!, radius: params.get("radius") ?? undefined } : undefined,
        },
        createElement(Connect, {
          sessionToken: params.get("token") ?? "",
          connectionCallbacks: { onSuccess: record("success"), onError: record("error"), onClose: record("close") },
        }),
      ),
    ),
  );
};

if (params.get("mount") !== "manual") void window.mountWidget();

export {};
