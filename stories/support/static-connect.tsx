import { useState } from "react";
import { ConnectView } from "../../src/index";
import type { ConnectViewProps } from "../../src/index";

/**
 * `ConnectView` frozen in one machine state, with only the dialog's open/closed kept locally, so a
 * reviewer can close and reopen it. Buttons that would move the flow on are reported as actions.
 */
function StaticConnect({ dialogOpen, onOpen, onClose, ...props }: ConnectViewProps) {
  const [open, setOpen] = useState(dialogOpen);
  return (
    <ConnectView
      {...props}
      dialogOpen={open}
      onOpen={() => {
        setOpen(true);
        onOpen?.();
      }}
      onClose={() => {
        setOpen(false);
        onClose?.();
      }}
    />
  );
}

export { StaticConnect };
