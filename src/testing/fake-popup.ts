import type { PopupHandle, PopupOpener } from "../provider/popup-opener";

export interface FakePopup extends PopupHandle {
  url: string;
  /** The nonce the widget put in the authorize URL. */
  nonce: string;
  closed: boolean;
  focusCount: number;
}

export interface FakePopupOpener extends PopupOpener {
  popups: FakePopup[];
  /** Whether the next `open` is blocked (returns null, like a popup blocker). */
  blocked: boolean;
}

/** A `window.open` stand-in for tests and stories: records every popup, never navigates. */
export function createFakePopupOpener({ blocked = false }: { blocked?: boolean } = {}): FakePopupOpener {
  const popups: FakePopup[] = [];
  const open = (url: string): FakePopup | null => {
    if (opener.blocked) return null;
    const popup: FakePopup = {
      url,
      nonce: new URL(url, "http://localhost").searchParams.get("nonce") ?? "",
      closed: false,
      focusCount: 0,
      focus() {
        popup.focusCount += 1;
      },
      close() {
        popup.closed = true;
      },
    };
    popups.push(popup);
    return popup;
  };
  const opener: FakePopupOpener = Object.assign(open, { popups, blocked });
  return opener;
}
