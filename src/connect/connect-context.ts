import { createContext, useContext } from "react";
import type { Operation, Region } from "../protocol";
import type { ConnectState } from "./machine";
import type { PreviewEntry } from "./preview/use-previews";

/** What the parts of the Connect UI can ask for. `<Connect>` wires them to the flow. */
export interface ConnectActions {
  openDialog(): void;
  /** Closing mid-attempt cancels it: a hidden, still-running popup flow would surprise. */
  closeDialog(): void;
  /** Must open the popup synchronously: it runs inside the Continue click. */
  start(region: Region, optionalOperations: Operation[]): void;
  /** After `POPUP_BLOCKED`: the same attempt in redirect mode (the whole tab). Its button shows only when given. */
  continueInTab?(): void;
  cancel(): void;
  retry(): void;
  reconnect(): void;
  disconnect(): void;
  focusPopup(): void;
}

/**
 * Shared by `ConnectView` and the dialog's parts, as Radix's compound parts share their root's context.
 * `<Connect>` provides it from the live flow; stories and tests provide any state they want to show.
 */
export interface ConnectContextValue {
  state: ConnectState;
  dialogOpen: boolean;
  previews: PreviewEntry[];
  actions: ConnectActions;
}

export const ConnectContext = createContext<ConnectContextValue | null>(null);

/** `consumerName` as for `useMorph`: a public name (the dialog's internal parts pass `ConnectView`). */
export function useConnectContext(consumerName: string): ConnectContextValue {
  const context = useContext(ConnectContext);
  if (!context) throw new Error(`\`${consumerName}\` must be used within \`Connect\` (or a \`ConnectContext\` provider)`);
  return context;
}
