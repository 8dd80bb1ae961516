// A customer's page on another origin: its backend minted `?token=`; the page mounts <Connect> when
// the test calls `window.mountWidget()` (so that a test can compare the host before and after).
declare global {
  interface Window {
    __hostEvents: Array<{ type: string; payload?: unknown }>;
    mountWidget: () => Promise<void>;
  }
}

const params = new URLSearchParams(location.search);
window.__hostEvents = [];

window.mountWidget = async () => {
  const [{ createElement, StrictMode }, { createRoot }, { Morph, Connect }] = await Promise.all([
    import("react"),
    import("react-dom/client"),
    import("../../src/index"),
    import("../../src/styles.css"),
  ]);
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
