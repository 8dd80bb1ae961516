import { useEffect, useMemo, useState } from "react";
import { Connect, Morph } from "../src/index";
import type { ConnectionCallbacks, Theme } from "../src/index";
import { describeDemoEvent, recordDemoEvent } from "./demo-events";
import type { DemoEvent } from "./demo-events";
import { fetchDemoSession } from "./demo-session";
import type { DemoSession } from "./demo-session";

function themeFromQuery(): Theme {
  const theme = new URLSearchParams(window.location.search).get("theme");
  return theme === "light" || theme === "dark" ? theme : "system";
}

export function DemoApp() {
  const theme = useMemo(themeFromQuery, []);
  const [session, setSession] = useState<DemoSession>({ status: "loading" });
  const [lastEvent, setLastEvent] = useState<DemoEvent | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    void fetchDemoSession(controller.signal).then((result) => {
      if (!controller.signal.aborted) setSession(result);
    });
    return () => controller.abort();
  }, []);

  const callbacks = useMemo<ConnectionCallbacks>(() => {
    const record = (event: DemoEvent) => {
      recordDemoEvent(event);
      setLastEvent(event);
    };
    return {
      onSuccess: (connection) => record({ type: "success", payload: connection }),
      onError: (error) => record({ type: "error", payload: error }),
      onClose: () => record({ type: "close", payload: null }),
    };
  }, []);

  return (
    <main className="demo" data-theme={theme}>
      <p className="demo-intro">
        Connect an Exact Online administration to this app.
        {session.status === "ready" && session.sandbox && (
          <span className="demo-badge" data-testid="demo-sandbox-badge">
            Sandbox mode
          </span>
        )}
      </p>
      {session.status === "loading" && <p className="demo-muted">Starting a session…</p>}
      {session.status === "error" && (
        <p className="demo-error" role="alert" data-testid="demo-session-error">
          Could not start a demo session. {session.message}
        </p>
      )}
      {session.status === "ready" && (
        <Morph.Provider serverUrl={window.location.origin} theme={theme}>
          <Connect sessionToken={session.sessionToken} connectionCallbacks={callbacks} />
        </Morph.Provider>
      )}
      <p className="demo-muted" data-testid="demo-last-event" aria-live="polite">
        {lastEvent ? describeDemoEvent(lastEvent) : "No events yet."}
      </p>
    </main>
  );
}
