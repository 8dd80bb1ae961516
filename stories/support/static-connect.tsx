import { useState } from "react";
import { ConnectContext, ConnectView } from "../../src/index";
import type { ConnectActions, ConnectState, Operation, PreviewEntry, Region } from "../../src/index";

const noop = () => {};

/** A story's controls: one machine state, whether the dialog starts open, and spies for every action. */
export interface StaticConnectProps {
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
  /** "Continue in this tab" after a blocked popup (redirect mode). */
  onContinueInTab?(): void;
}

/**
 * `ConnectView` frozen in one machine state through `ConnectContext`, with only the dialog's
 * open/closed kept locally, so a reviewer can close and reopen it. Buttons that would move the flow on
 * are reported as actions.
 */
function StaticConnect({ state, dialogOpen, previews = [], ...spies }: StaticConnectProps) {
  const [open, setOpen] = useState(dialogOpen);
  const actions: ConnectActions = {
    openDialog: () => {
      setOpen(true);
      spies.onOpen?.();
    },
    closeDialog: () => {
      setOpen(false);
      spies.onClose?.();
    },
    start: spies.onStart ?? noop,
    cancel: spies.onCancel ?? noop,
    retry: spies.onRetry ?? noop,
    reconnect: spies.onReconnect ?? noop,
    disconnect: spies.onDisconnect ?? noop,
    focusPopup: spies.onFocusPopup ?? noop,
    continueInTab: spies.onContinueInTab ?? noop,
  };
  return (
    <ConnectContext.Provider value={{ state, dialogOpen: open, previews, actions }}>
      <ConnectView />
    </ConnectContext.Provider>
  );
}

export { StaticConnect };
