import { useEffect, useMemo, useState } from "react";
import type { ConnectMode } from "../protocol";
import { useMorph } from "../provider/morph-context";
import type { ConnectionCallbacks } from "./callbacks";
import { ConnectContext } from "./connect-context";
import type { ConnectContextValue } from "./connect-context";
import { ConnectView } from "./connect-view";
import { usePreviews } from "./preview/use-previews";
import { useConnectFlow } from "./use-connect";

export interface ConnectProps {
  /** Minted by your backend with `POST /v1/sessions`. */
  sessionToken: string;
  connectionCallbacks?: ConnectionCallbacks;
  /**
   * `popup` (default): Exact opens in a window of its own. `redirect`: Continue sends the whole tab to
   * Exact, which sends it back to `returnUrl` with `?morph_attempt=`; the `<Connect>` rendered there
   * (with a session token minted for that page load) reports the outcome once and shows it.
   */
  mode?: ConnectMode;
  /** Where redirect mode (and "Continue in this tab") comes back to; default the current page. Its origin must be in `MORPH_ALLOWED_ORIGINS`. */
  returnUrl?: string;
}

/**
 * The Exact Online connect button and dialog: the flow of `useConnect`, rendered by `ConnectView`. The
 * dialog's open state lives here, not in the flow (a headless UI has no dialog).
 */
function Connect({ sessionToken, connectionCallbacks, mode = "popup", returnUrl }: ConnectProps) {
  const { transport } = useMorph("Connect");
  const flow = useConnectFlow({ sessionToken, connectionCallbacks }, "Connect");
  const [dialogOpen, setDialogOpen] = useState(false);
  const previews = usePreviews(transport, sessionToken, flow.connection, dialogOpen);
  const { state, status, callbacks, start, continueInTab, cancel, retry, reconnect, disconnect, focusPopup, returned } = flow;

  // Back from Exact in redirect mode: the user expects to see how it ended, where they left it.
  useEffect(() => {
    if (returned) setDialogOpen(true);
  }, [returned]);

  const value = useMemo<ConnectContextValue>(
    () => ({
      state,
      dialogOpen,
      previews,
      actions: {
        openDialog: () => setDialogOpen(true),
        closeDialog: () => {
          // Mid-attempt, cancel (which reports onClose); before one, closing the chooser is a close too.
          if (status === "authorizing" || status === "verifying") cancel();
          else if (status === "idle") callbacks.current?.onClose?.();
          setDialogOpen(false);
        },
        start: (region, optionalOperations) => start(region, optionalOperations, mode === "redirect" ? { returnUrl } : undefined),
        continueInTab: () => continueInTab(returnUrl),
        cancel,
        retry,
        reconnect: () => reconnect(mode === "redirect" ? { returnUrl } : undefined),
        disconnect: () => {
          void disconnect().then((gone) => gone && setDialogOpen(false));
        },
        focusPopup,
      },
    }),
    [state, status, dialogOpen, previews, callbacks, mode, returnUrl, start, continueInTab, cancel, retry, reconnect, disconnect, focusPopup],
  );

  return (
    <ConnectContext.Provider value={value}>
      <ConnectView />
    </ConnectContext.Provider>
  );
}

export { Connect };
