export const POPUP_NAME = "morph-connect-exact-online";
const WIDTH = 600;
const HEIGHT = 720;

/** 128 random bits as hex: the attempt's id on the server and the proof a callback message is ours. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `window.open` features for a popup centred on the current browser window. */
export function centeredPopupFeatures(): string {
  const left = Math.round(window.screenX + (window.outerWidth - WIDTH) / 2);
  const top = Math.round(window.screenY + (window.outerHeight - HEIGHT) / 2);
  return `popup,width=${WIDTH},height=${HEIGHT},left=${Math.max(0, left)},top=${Math.max(0, top)}`;
}
