import { Button } from "../../ui/button";
import { Spinner } from "../../ui/icons";
import { useMessages } from "../../i18n/use-messages";

export interface WaitingViewProps {
  /** `verifying`: the popup closed and the server is being asked for the outcome. */
  verifying: boolean;
  onFocusPopup(): void;
  onCancel(): void;
}

function WaitingView({ verifying, onFocusPopup, onCancel }: WaitingViewProps) {
  const t = useMessages("WaitingView");
  return (
    <div
      data-slot={verifying ? "verifying" : "authorizing"}
      className="morph:flex morph:flex-col morph:items-center morph:gap-3 morph:py-4 morph:text-center"
    >
      <Spinner className="morph:text-primary" />
      <p className="morph:font-medium">{verifying ? t.verifying : t.waiting}</p>
      {!verifying && <p className="morph:text-muted-foreground">{t.waitingHint}</p>}
      <div className="morph:flex morph:gap-2">
        {!verifying && <Button onClick={onFocusPopup}>{t.focusWindow}</Button>}
        <Button onClick={onCancel}>{t.cancel}</Button>
      </div>
    </div>
  );
}

export { WaitingView };
