import type { MorphConnectError } from "../../errors";
import type { Operation, SessionModel } from "../../protocol";
import { Button } from "../../ui/button";
import { AlertIcon } from "../../ui/icons";
import { useConnectContext } from "../connect-context";
import { MissingRights } from "./missing-rights";
import { useMessages } from "../../i18n/use-messages";

export interface FailedViewProps {
  error: MorphConnectError;
  /** False for session errors: only the host can mint a new session token. */
  canRetry: boolean;
  /**
   * For `INSUFFICIENT_PERMISSIONS` without `error.missing`: what the existing connection says Exact
   * refuses (`ConnectionSummary.missingOperations`).
   */
  connectionMissing?: readonly Operation[];
  /** The session's models, for the labels of custom ones. */
  models?: readonly SessionModel[];
}

function FailedView({ error, canRetry, connectionMissing = [], models }: FailedViewProps) {
  const { actions } = useConnectContext("ConnectView");
  const t = useMessages();
  const missing = error.code === "INSUFFICIENT_PERMISSIONS" ? (error.missing?.length ? error.missing : connectionMissing) : [];
  return (
    <div
      data-slot="failed"
      data-error-code={error.code}
      className="morph:flex morph:flex-col morph:items-center morph:gap-3 morph:py-4 morph:text-center"
    >
      <span className="morph:flex morph:size-10 morph:items-center morph:justify-center morph:rounded-full morph:bg-danger-muted morph:text-danger">
        <AlertIcon width={20} height={20} />
      </span>
      <p className="morph:font-medium">{t.failed}</p>
      <p className="morph:text-muted-foreground">{t.errors[error.code] ?? t.errors.INTERNAL_ERROR}</p>
      {missing.length > 0 && (
        <div
          data-slot="missing-permissions"
          className="morph:w-full morph:rounded-(--morph-radius) morph:border morph:border-warning morph:bg-warning-muted morph:px-3 morph:py-2 morph:text-left"
        >
          <MissingRights operations={missing} models={models} />
        </div>
      )}
      <div className="morph:flex morph:flex-wrap morph:justify-center morph:gap-2">
        <Button onClick={actions.closeDialog}>{t.close}</Button>
        {canRetry && (
          <Button variant="primary" data-slot="retry" onClick={actions.retry}>
            {t.tryAgain}
          </Button>
        )}
        {/* Where popups never work (in-app browsers, webviews), the whole tab can go to Exact and back. */}
        {error.code === "POPUP_BLOCKED" && actions.continueInTab && (
          <Button data-slot="continue-in-tab" onClick={actions.continueInTab}>
            {t.continueInTab}
          </Button>
        )}
      </div>
    </div>
  );
}

export { FailedView };
