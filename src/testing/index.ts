// Test and story helpers. Not part of the main entry (`src/index.ts` must never import this folder).
export { createFakeTransport, fakeConnection, fakePreviewRows, fakeSession, fakeSessionModels, FAKE_ORIGIN } from "./fake-transport";
export type { FakeOutcome, FakeScenario, FakeTransport } from "./fake-transport";
export { createFakePopupOpener } from "./fake-popup";
export type { FakePopup, FakePopupOpener } from "./fake-popup";
export { postCallbackMessage } from "./post-callback-message";
