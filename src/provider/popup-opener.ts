/** The part of a popup `Window` the widget uses; a fake in tests. */
export interface PopupHandle {
  readonly closed: boolean;
  focus(): void;
  close(): void;
}

/** `window.open`'s signature; `null` means the browser blocked the popup. */
export type PopupOpener = (url: string, name: string, features: string) => PopupHandle | null;

export const openBrowserPopup: PopupOpener = (url, name, features) => window.open(url, name, features);
