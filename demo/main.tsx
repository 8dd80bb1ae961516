import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../src/styles.css";
import { DemoApp } from "./demo-app";
import "./demo.css";

// End-to-end tests read every callback from here; present (empty) from the start.
window.__morphEvents ??= [];

// The server renders the HTML (with `<div id="morph-demo">`) and serves this bundle at /demo/assets/demo.js.
const container = document.getElementById("morph-demo");
if (container) {
  createRoot(container).render(
    <StrictMode>
      <DemoApp />
    </StrictMode>,
  );
}
