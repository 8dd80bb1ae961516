import { useEffect, useRef } from "react";
import type { Operation, Region } from "../protocol";
import { triggerMessages } from "../i18n/trigger";
import { useMorph } from "../provider/morph-context";
import { Button } from "../ui/button";
import { CheckIcon } from "../ui/icons";
import { DialogShell } from "./dialog/dialog-shell";
import { prefetchConnectDialog, useConnectDialog } from "./dialog/load-dialog";
import type { ConnectState } from "./machine";
import type { PreviewEntry } from "./preview/use-previews";

export interface ConnectViewProps {
  state: ConnectState;
  dialogOpen: boolean;
  previews?: PreviewEntry[];
  onOpen?(): void;
  onClose?(): void;
  onStart?(region: Region, optionalOperations: Operation[]): void;
  onCancel?(): void;
  onRetry?(): void;
  onReconnect?(): void;
  onDisconnect?(): void;
  onFocusPopup?(): void;
}

const noop = () => {};

/** Fetch the dialog when the page has nothing else to do (Safari has no requestIdleCallback). */
function whenIdle(callback: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(callback, { timeout: 3000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(callback, 1000);
  return () => clearTimeout(timer);
}

/**
 * Renders any state of the connect flow from props alone: no requests, no timers. `<Connect>` feeds it
 * from `useConnect`; stories and tests render states directly. Needs `Morph.Provider` for language and theme.
 *
 * The button is all that the first load carries. The dialog comes in its own chunk, fetched on intent,
 * on idle or on the click; a click that beats it shows the dialog's shell at once.
 */
function ConnectView({
  state,
  dialogOpen,
  previews = [],
  onOpen = noop,
  onClose = noop,
  onStart = noop,
  onCancel = noop,
  onRetry = noop,
  onReconnect = noop,
  onDisconnect = noop,
  onFocusPopup = noop,
}: ConnectViewProps) {
  const { locale, rootProps } = useMorph("ConnectView");
  const t = triggerMessages[locale];
  const dialog = useConnectDialog();
  // On the button's wrapper: `Button` is a plain function component, and React 18 drops a `ref` prop.
  const root = useRef<HTMLDivElement>(null);
  const connection = state.status === "connected" ? state.connection : null;

  useEffect(() => whenIdle(prefetchConnectDialog), []);
  useEffect(() => {
    if (dialogOpen) prefetchConnectDialog();
  }, [dialogOpen]);

  return (
    <>
      <div ref={root} {...rootProps} data-slot="connect" data-status={state.status} className="morph:inline-block">
        <Button
          variant={connection?.status === "connected" ? "secondary" : "primary"}
          data-slot="trigger"
          aria-haspopup="dialog"
          aria-expanded={dialogOpen}
          data-state={dialogOpen ? "open" : "closed"}
          onClick={onOpen}
          onPointerEnter={prefetchConnectDialog}
          onFocus={prefetchConnectDialog}
        >
          {connection?.status === "connected" && <CheckIcon className="morph:text-success" />}
          {!connection ? t.trigger : connection.status === "connected" ? t.triggerConnected : t.triggerReauth}
        </Button>
        {/* Radix hides everything outside an open modal from screen readers, so each side has its own live region. */}
        {!dialogOpen && (
          <span role="status" className="morph:sr-only">
            {dialog ? dialog.closedStatusText(state, locale) : ""}
          </span>
        )}
      </div>
      {dialogOpen &&
        (dialog ? (
          <dialog.ConnectDialog
            state={state}
            previews={previews}
            triggerRoot={root}
            onClose={onClose}
            onStart={onStart}
            onCancel={onCancel}
            onRetry={onRetry}
            onReconnect={onReconnect}
            onDisconnect={onDisconnect}
            onFocusPopup={onFocusPopup}
          />
        ) : (
          <DialogShell onClose={onClose} />
        ))}
    </>
  );
}

export { ConnectView };
