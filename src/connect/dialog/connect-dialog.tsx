import * as Dialog from "@radix-ui/react-dialog";
import { useId, useRef } from "react";
import type { RefObject } from "react";
import { createPortal } from "react-dom";
import { RemoveScroll } from "react-remove-scroll";
import { isSessionError } from "../../session-error";
import { catalogues } from "../../i18n/catalogues";
import type { Messages } from "../../i18n/en";
import type { Locale } from "../../i18n/locale";
import { useMessages } from "../../i18n/use-messages";
import { useMorph } from "../../provider/morph-context";
import { Button } from "../../ui/button";
import { CloseIcon, ExactMark, Spinner } from "../../ui/icons";
import { useConnectContext } from "../connect-context";
import type { ConnectState } from "../machine";
import { ChoosingView } from "../views/choosing-view";
import { ConnectedView } from "../views/connected-view";
import { FailedView } from "../views/failed-view";
import { WaitingView } from "../views/waiting-view";
import { contentClassName, headerClassName, overlayClassName, titleClassName } from "./dialog-classes";

/** What a screen reader hears when the state changes. */
function statusText(state: ConnectState, t: Messages): string {
  switch (state.status) {
    case "loading":
      return t.loading;
    case "idle":
      return "";
    case "authorizing":
      return state.attempt.mode === "redirect" ? t.redirecting : t.waiting;
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

/** The status for the live region beside the button (the dialog has its own while it is open). */
function closedStatusText(state: ConnectState, locale: Locale): string {
  return statusText(state, catalogues[locale]);
}

export interface ConnectDialogProps {
  /** The element around the Connect button: focus goes back to the button when the dialog closes. */
  triggerRoot: RefObject<HTMLElement | null>;
}

/** The open dialog: Radix's modal (focus trap, Escape, outside click), one view per machine state. */
function ConnectDialog({ triggerRoot }: ConnectDialogProps) {
  const { rootProps } = useMorph("ConnectView");
  const { state, actions } = useConnectContext("ConnectView");
  const t = useMessages();
  const content = useRef<HTMLDivElement>(null);
  const titleId = useId();

  return (
    <Dialog.Root open onOpenChange={(open) => !open && actions.closeDialog()}>
      {/*
       * React's own portal, not `Dialog.Portal`: that one adds a presence check and a mount-deferring portal
       * for exit animations and SSR, and this dialog has neither (it only renders on the client, and closing
       * unmounts it). `Dialog.Content` reads the same defaults without it.
       */}
      {createPortal(
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
            className={overlayClassName}
          >
            {null}
          </RemoveScroll>
          <Dialog.Content
            ref={content}
            data-slot="dialog"
            // A plain heading named by id, as in the shell: `Dialog.Title` only adds this id bookkeeping.
            aria-labelledby={titleId}
            aria-describedby={undefined}
            // The button is ours, not a `Dialog.Trigger` (Radix stays out of the first load).
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              triggerRoot.current?.querySelector<HTMLElement>("[data-slot=trigger]")?.focus();
            }}
            className={contentClassName}
          >
            <div className={headerClassName}>
              <ExactMark />
              <h2 id={titleId} className={titleClassName}>
                {t.trigger}
              </h2>
              {/* What `Dialog.Close` would do (Radix's close calls `onOpenChange(false)`), without its Slot. */}
              <Button aria-label={t.close} onClick={actions.closeDialog} className="morph:border-transparent morph:p-1.5">
                <CloseIcon />
              </Button>
            </div>
            <span role="status" className="morph:sr-only">
              {statusText(state, t)}
            </span>
            {state.status === "loading" ? (
              <Spinner className="morph:mx-auto morph:my-4 morph:text-muted-foreground" />
            ) : state.status === "idle" ? (
              <ChoosingView session={state.session} />
            ) : state.status === "authorizing" || state.status === "verifying" ? (
              <WaitingView verifying={state.status === "verifying"} redirecting={state.attempt.mode === "redirect"} />
            ) : state.status === "connected" ? (
              <ConnectedView connection={state.connection} models={state.session.models} />
            ) : (
              <FailedView
                error={state.error}
                canRetry={!isSessionError(state.error)}
                connectionMissing={state.session?.connection?.missingOperations}
                models={state.session?.models}
              />
            )}
          </Dialog.Content>
        </div>,
        document.body,
      )}
    </Dialog.Root>
  );
}

export { closedStatusText, ConnectDialog };
