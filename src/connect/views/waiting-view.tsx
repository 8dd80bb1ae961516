import { Button } from "../../ui/button";
import { useConnectContext } from "../connect-context";
import { Spinner } from "../../ui/icons";
import { useMessages } from "../../i18n/use-messages";

export interface WaitingViewProps {
  /** `verifying`: the popup closed and the server is being asked for the outcome. */
  verifying: boolean;
  /** Redirect mode: the tab is on its way to Exact; there is no window to focus and nothing to cancel. */
  redirecting?: boolean;
}

function WaitingView({ verifying, redirecting = false }: WaitingViewProps) {
  const { actions } = useConnectContext("ConnectView");
  const t = useMessages();
  if (redirecting) {
    return (
      <div data-slot="redirecting" className="morph:flex morph:flex-col morph:items-center morph:gap-3 morph:py-4 morph:text-center">
        <Spinner className="morph:text-primary" />
        <p className="morph:font-medium">{t.redirecting}</p>
      </div>
    );
  }
  return (
    <div
      data-slot={verifying ? "verifying" : "authorizing"}
      className="morph:flex morph:flex-col morph:items-center morph:gap-3 morph:py-4 morph:text-center"
    >
      <Spinner className="morph:text-primary" />
      <p className="morph:font-medium">{verifying ? t.verifying : t.waiting}</p>
      {!verifying && <p className="morph:text-muted-foreground">{t.waitingHint}</p>}
      <div className="morph:flex morph:gap-2">
        {!verifying && <Button onClick={actions.focusPopup}>{t.focusWindow}</Button>}
        <Button onClick={actions.cancel}>{t.cancel}</Button>
      </div>
    </div>
  );
}

export { WaitingView };
