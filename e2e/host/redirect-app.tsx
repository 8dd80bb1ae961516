// A customer's page that connects without a popup (`<Connect mode="redirect">`), as a host writes it: on
// every page load its backend mints a fresh session token (`GET /api/session`, which the test answers with
// the real server's `POST /v1/sessions`), then the page mounts the widget under StrictMode.
// `?mode=popup&blockPopups=1`: the default popup mode in a browser that blocks `window.open` (an in-app browser).
import { createElement, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Connect, Morph } from "../../src/index";
import "../../src/styles.css";

declare global {
  interface Window {
    __hostEvents: Array<{ type: string; payload?: unknown }>;
  }
}

const params = new URLSearchParams(location.search);
window.__hostEvents = [];
const record = (type: string) => (payload?: unknown) => window.__hostEvents.push({ type, payload });
// What a popup blocker does: `window.open` answers null.
if (params.get("blockPopups") === "1") window.open = () => null;

const { sessionToken } = (await (await fetch("/api/session")).json()) as { sessionToken: string };
createRoot(document.getElementById("widget")!).render(
  createElement(
    StrictMode,
    null,
    createElement(
      Morph.Provider,
      { serverUrl: params.get("server") ?? "http://localhost:8799" },
      createElement(Connect, {
        sessionToken,
        mode: params.get("mode") === "popup" ? "popup" : "redirect",
        connectionCallbacks: { onSuccess: record("success"), onError: record("error"), onClose: record("close") },
      }),
    ),
  ),
);
