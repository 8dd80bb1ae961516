import { useEffect, useRef } from "react";
import { triggerMessages } from "../i18n/trigger";
import { useMorph } from "../provider/morph-context";
import { Button } from "../ui/button";
import { CheckIcon } from "../ui/icons";
import { DialogShell } from "./dialog/dialog-shell";
import { prefetchConnectDialog, useConnectDialog } from "./dialog/load-dialog";
import { useConnectContext } from "./connect-context";

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
 * Renders any state of the connect flow from `ConnectContext` alone: no requests, no timers. `<Connect>`
 * provides it from the live flow; stories and tests provide states directly. Needs `Morph.Provider` for
 * language and theme.
 *
 * The button is all that the first load carries. The dialog comes in its own chunk, fetched on intent,
 * on idle or on the click; a click that beats it shows the dialog's shell at once.
 */
function ConnectView() {
  const { state, dialogOpen, actions } = useConnectContext("ConnectView");
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
          onClick={actions.openDialog}
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
          <dialog.ConnectDialog triggerRoot={root} />
        ) : (
          <DialogShell onClose={actions.closeDialog} />
        ))}
    </>
  );
}

export { ConnectView };
