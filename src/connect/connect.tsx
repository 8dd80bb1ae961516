import { useMemo, useState } from "react";
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
}

/**
 * The Exact Online connect button and dialog: the flow of `useConnect`, rendered by `ConnectView`. The
 * dialog's open state lives here, not in the flow (a headless UI has no dialog).
 */
function Connect({ sessionToken, connectionCallbacks }: ConnectProps) {
  const { transport } = useMorph("Connect");
  const flow = useConnectFlow({ sessionToken, connectionCallbacks }, "Connect");
  const [dialogOpen, setDialogOpen] = useState(false);
  const previews = usePreviews(transport, sessionToken, flow.connection, dialogOpen);
  const { state, status, callbacks, start, cancel, retry, reconnect, disconnect, focusPopup } = flow;

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
        start,
        cancel,
        retry,
        reconnect,
        disconnect: () => {
          void disconnect().then((gone) => gone && setDialogOpen(false));
        },
        focusPopup,
      },
    }),
    [state, status, dialogOpen, previews, callbacks, start, cancel, retry, reconnect, disconnect, focusPopup],
  );

  return (
    <ConnectContext.Provider value={value}>
      <ConnectView />
    </ConnectContext.Provider>
  );
}

export { Connect };
