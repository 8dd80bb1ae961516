import { useEffect, useRef } from "react";
import type { MorphConnectError } from "../errors";
import { ATTEMPT_QUERY_PARAM } from "../protocol";
import type { ConnectionSummary } from "../protocol";
import type { Transport } from "../transport/transport";

/** What a redirect-mode attempt ended in, read when the tab came back from Exact. */
export type ReturnedAttempt =
  | { attemptId: string; status: "succeeded"; connection: ConnectionSummary }
  | { attemptId: string; status: "failed"; error: MorphConnectError };

/** The reading half (`read-returned-attempt.ts`) is fetched only by a page that came back from Exact. */
let readerLoaded = false;

/**
 * On mount: when the page came back from Exact (`?morph_attempt=`), reads that attempt's outcome with the
 * session token this page was given (any session of the same owner may read it) and hands it to
 * `onReturned` exactly once per page load, whatever StrictMode or a second widget does.
 */
export function useReturnedAttempt(transport: Transport, sessionToken: string, onReturned: (returned: ReturnedAttempt) => void) {
  const latest = useRef(onReturned);
  useEffect(() => {
    latest.current = onReturned;
  });
  useEffect(() => {
    // Once the reader has taken the parameter out of the address bar, a remount still finds its attempt there.
    if (!readerLoaded && !new URLSearchParams(window.location.search).has(ATTEMPT_QUERY_PARAM)) return;
    let mounted = true;
    void import("./read-returned-attempt").then(({ takeReturnedAttempt }) => {
      readerLoaded = true;
      // StrictMode's first run is unmounted by now: only the second takes the attempt.
      const taken = mounted ? takeReturnedAttempt(transport, sessionToken) : null;
      return taken?.outcome.then((returned) => {
        if (!mounted || taken.reported) return;
        taken.reported = true;
        latest.current(returned);
      });
    });
    return () => {
      mounted = false;
    };
  }, [transport, sessionToken]);
}
