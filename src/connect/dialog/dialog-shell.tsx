import { useEffect, useId, useRef } from "react";
import { createPortal } from "react-dom";
import { useMorph } from "../../provider/morph-context";
import { triggerMessages } from "../../i18n/trigger";
import { ExactMark, Spinner } from "../../ui/icons";
import { contentClassName, headerClassName, overlayClassName, titleClassName } from "./dialog-classes";

/**
 * What a click that beats the dialog's chunk shows at once: the dialog's frame, its title in the
 * user's language, a spinner. Escape or a click on the overlay closes it. The real dialog replaces it
 * (and takes focus) as soon as the chunk arrives.
 */
function DialogShell({ onClose }: { onClose(): void }) {
  const { locale, rootProps } = useMorph("ConnectView");
  const titleId = useId();
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => frame.current?.focus(), []);

  return createPortal(
    <div {...rootProps} data-slot="portal">
      <div data-slot="overlay" className={overlayClassName} onClick={onClose} />
      <div
        ref={frame}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy="true"
        tabIndex={-1}
        data-slot="dialog-shell"
        onKeyDown={(event) => {
          if (event.key === "Escape") onClose();
        }}
        className={contentClassName}
      >
        <div className={headerClassName}>
          <ExactMark />
          <h2 id={titleId} className={titleClassName}>
            {triggerMessages[locale].trigger}
          </h2>
        </div>
        <Spinner className="morph:mx-auto morph:my-4 morph:text-muted-foreground" />
      </div>
    </div>,
    document.body,
  );
}

export { DialogShell };
