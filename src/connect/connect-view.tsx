import * as Dialog from "@radix-ui/react-dialog";
import { useRef } from "react";
import { RemoveScroll } from "react-remove-scroll";
import { isSessionError } from "../errors";
import type { Messages } from "../i18n/en";
import type { Operation, Region } from "../protocol";
import { useMorph } from "../provider/morph-context";
import { Button } from "../ui/button";
import { CheckIcon, CloseIcon, ExactMark, Spinner } from "../ui/icons";
import type { ConnectState } from "./machine";
import type { PreviewEntry } from "./preview/use-previews";
import { ChoosingView } from "./views/choosing-view";
import { ConnectedView } from "./views/connected-view";
import { FailedView } from "./views/failed-view";
import { WaitingView } from "./views/waiting-view";

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

/** What a screen reader hears when the state changes. */
function statusText(state: ConnectState, t: Messages): string {
  switch (state.status) {
    case "loading":
      return t.loading;
    case "idle":
    case "choosing":
      return "";
    case "authorizing":
      return t.waiting;
    case "verifying":
      return t.verifying;
    case "connected":
      return state.connection.status === "needs_reauth" ? t.needsReauth : t.connected;
    case "failed":
      return `${t.failed}. ${t.errors[state.error.code] ?? ""}`;
    default:
      return state satisfies never;
  }
}

/**
 * Renders any state of the connect flow from props alone: no requests, no timers. `<Connect>` feeds it
 * from `useConnect`; stories and tests render states directly. Needs `Morph.Provider` for language and theme.
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
  const { messages: t, rootProps } = useMorph("ConnectView");
  const connection = state.status === "connected" ? state.connection : null;
  const status = statusText(state, t);
  const content = useRef<HTMLDivElement>(null);

  return (
    <Dialog.Root open={dialogOpen} onOpenChange={(open) => (open ? onOpen() : onClose())}>
      <div {...rootProps} data-slot="connect" data-status={state.status} className="morph:inline-block">
        <Dialog.Trigger asChild>
          <Button variant={connection?.status === "connected" ? "secondary" : "primary"} data-slot="trigger">
            {connection?.status === "connected" && <CheckIcon className="morph:text-success" />}
            {!connection ? t.trigger : connection.status === "connected" ? t.triggerConnected : t.triggerReauth}
          </Button>
        </Dialog.Trigger>
        {/* Radix hides everything outside an open modal from screen readers, so each side has its own live region. */}
        {!dialogOpen && (
          <span role="status" className="morph:sr-only">
            {status}
          </span>
        )}
      </div>
      <Dialog.Portal>
        <div {...rootProps} data-slot="portal">
          {/*
           * Radix's own overlay locks scrolling in react-remove-scroll's default "margin" mode, which turns
           * the body's margins into padding: a host heading's top margin then stops collapsing through the
           * body's and the page moves down by the body margin (8 px by default). "padding" mode leaves the
           * body's margins alone. The content is a shard, so it still scrolls.
           */}
          <RemoveScroll
            gapMode="padding"
            allowPinchZoom
            shards={[content]}
            data-slot="overlay"
            // Radix's modal sets `pointer-events: none` on the body; the overlay must still take the
            // outside click that closes the dialog.
            style={{ pointerEvents: "auto" }}
            className="morph:fixed morph:inset-0 morph:z-2147483000 morph:bg-overlay"
          >
            {null}
          </RemoveScroll>
          <Dialog.Content
            ref={content}
            data-slot="dialog"
            aria-describedby={undefined}
            className="morph:fixed morph:top-1/2 morph:left-1/2 morph:z-2147483001 morph:flex morph:max-h-[calc(100%-16px)] morph:w-[calc(100%-16px)] morph:max-w-md morph:-translate-x-1/2 morph:-translate-y-1/2 morph:flex-col morph:gap-4 morph:overflow-y-auto morph:rounded-(--morph-radius) morph:border morph:border-border morph:bg-background morph:p-5 morph:text-foreground morph:shadow-xl morph:focus:outline-none"
          >
            <div className="morph:flex morph:items-center morph:gap-3">
              <ExactMark />
              <Dialog.Title className="morph:flex-1 morph:text-base morph:font-semibold">{t.trigger}</Dialog.Title>
              <Dialog.Close asChild>
                <Button aria-label={t.close} className="morph:border-transparent morph:p-1.5">
                  <CloseIcon />
                </Button>
              </Dialog.Close>
            </div>
            <span role="status" className="morph:sr-only">
              {status}
            </span>
            {state.status === "loading" || state.status === "idle" ? (
              <Spinner className="morph:mx-auto morph:my-4 morph:text-muted-foreground" />
            ) : state.status === "choosing" ? (
              <ChoosingView session={state.session} onStart={onStart} onCancel={onClose} />
            ) : state.status === "authorizing" || state.status === "verifying" ? (
              <WaitingView verifying={state.status === "verifying"} onFocusPopup={onFocusPopup} onCancel={onCancel} />
            ) : state.status === "connected" ? (
              <ConnectedView
                connection={state.connection}
                models={state.session.models}
                previews={previews}
                onReconnect={onReconnect}
                onDisconnect={onDisconnect}
              />
            ) : (
              <FailedView
                error={state.error}
                canRetry={!isSessionError(state.error)}
                connectionMissing={state.session?.connection?.missingOperations}
                models={state.session?.models}
                onRetry={onRetry}
                onClose={onClose}
              />
            )}
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export { ConnectView };
