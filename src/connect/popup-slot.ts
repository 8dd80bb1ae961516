import type { PopupHandle } from "../provider/popup-opener";

/**
 * The page-wide "one popup at a time" guard. Module state on purpose: double clicks, two `<Connect>`s
 * and StrictMode's double effects all share it. Only handlers touch it, never module evaluation.
 */
let current: { popup: PopupHandle | null } | null = null;

export interface PopupSlot {
  /** Records the opened popup so another claim can focus it instead of opening a second one. */
  hold(popup: PopupHandle): void;
  release(): void;
}

/** `null` when another attempt's popup is still open (that popup is focused instead). */
export function claimPopupSlot(): PopupSlot | null {
  if (current && !current.popup?.closed) {
    current.popup?.focus();
    return null;
  }
  const entry: { popup: PopupHandle | null } = { popup: null };
  current = entry;
  return {
    hold: (popup) => {
      entry.popup = popup;
    },
    release: () => {
      if (current === entry) current = null;
    },
  };
}
