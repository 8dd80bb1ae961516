import type { MorphConnectError } from "../../errors";
import { useMorph } from "../../provider/morph-context";
import { Button } from "../../ui/button";
import { AlertIcon } from "../../ui/icons";

export interface FailedViewProps {
  error: MorphConnectError;
  /** False for session errors: only the host can mint a new session token. */
  canRetry: boolean;
  onRetry(): void;
  onClose(): void;
}

function FailedView({ error, canRetry, onRetry, onClose }: FailedViewProps) {
  const { messages: t } = useMorph("FailedView");
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
      <div className="morph:flex morph:gap-2">
        <Button onClick={onClose}>{t.close}</Button>
        {canRetry && (
          <Button variant="primary" data-slot="retry" onClick={onRetry}>
            {t.tryAgain}
          </Button>
        )}
      </div>
    </div>
  );
}

export { FailedView };
