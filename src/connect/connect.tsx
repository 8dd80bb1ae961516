import { useMorph } from "../provider/morph-context";
import type { ConnectionCallbacks } from "./callbacks";
import { ConnectView } from "./connect-view";
import { usePreviews } from "./preview/use-previews";
import { useConnect } from "./use-connect";

export interface ConnectProps {
  /** Minted by your backend with `POST /v1/sessions`. */
  sessionToken: string;
  connectionCallbacks?: ConnectionCallbacks;
}

/** The Exact Online connect button and dialog: `useConnect` rendered by `ConnectView`. */
function Connect({ sessionToken, connectionCallbacks }: ConnectProps) {
  const { transport } = useMorph("Connect");
  const connect = useConnect({ sessionToken, connectionCallbacks });
  const previews = usePreviews(transport, sessionToken, connect.connection, connect.dialogOpen);
  return (
    <ConnectView
      state={connect.state}
      dialogOpen={connect.dialogOpen}
      previews={previews}
      onOpen={connect.openDialog}
      onClose={connect.closeDialog}
      onStart={connect.start}
      onCancel={connect.cancel}
      onRetry={connect.retry}
      onReconnect={connect.reconnect}
      onDisconnect={() => void connect.disconnect()}
      onFocusPopup={connect.focusPopup}
    />
  );
}

export { Connect };
