import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { findDialog } from "./support/dialog";
import { Connect } from "../src/index";
import { fakeConnection } from "../src/testing";
import type { MorphStoryParameters } from "./support/fake-morph-provider";
import { messagesFor, regionNameFor } from "./support/messages";

/**
 * The real `<Connect>`: session loading, the popup attempt and the long-poll, against the in-memory
 * server of `src/testing` and a fake `window.open`. Each play function clicks through like a user would.
 * The dialog renders in a portal on `document.body`, so it is found with `screen`, not the canvas.
 */
const meta = {
  title: "Connect/Flow",
  component: Connect,
  args: {
    sessionToken: "st_storybook",
    connectionCallbacks: { onSuccess: fn(), onError: fn(), onClose: fn() },
  },
} satisfies Meta<typeof Connect>;

export default meta;
type Story = StoryObj<typeof meta>;

const morph = (parameters: MorphStoryParameters) => ({ morph: parameters });

/** Ready, dialog closed: the button a host puts on its settings page. */
export const Idle: Story = {
  parameters: morph({ scenario: { outcome: "success" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    const trigger = await within(canvasElement).findByRole("button", { name: t.trigger });
    await waitFor(() => expect(canvasElement.querySelector("[data-status=idle]")).not.toBeNull());
    await expect(trigger).toBeEnabled();
  },
};

export const OpenDialog: Story = {
  parameters: morph({ scenario: { outcome: "success" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText(t.intro)).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.continue })).toBeEnabled();
  },
};

/** Region chosen, Continue clicked: the consent popup is open and the dialog waits for it. */
export const Authorizing: Story = {
  // `manual`: the fake server never answers on its own, so the attempt stays pending.
  parameters: morph({ scenario: { outcome: "manual" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await userEvent.selectOptions(await within(dialog).findByLabelText(t.region), "be");
    await userEvent.click(within(dialog).getByRole("button", { name: t.continue }));
    await expect(await within(dialog).findByText(t.waiting, { selector: "p" })).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.focusWindow })).toBeVisible();
  },
};

/** The whole happy path: the company and a preview of its data show in the dialog. */
export const ConnectSuccess: Story = {
  parameters: morph({ scenario: { outcome: "success" } }),
  play: async ({ args, canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await userEvent.selectOptions(await within(dialog).findByLabelText(t.region), "be");
    await userEvent.click(within(dialog).getByRole("button", { name: t.continue }));
    await expect(await within(dialog).findByText("Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
    await expect(within(dialog).getByText(t.connected, { selector: "p" })).toBeVisible();
    await expect(within(dialog).getByText(regionNameFor(globals, "be"))).toBeVisible();
    await expect(await within(dialog).findByRole("cell", { name: "Anna de Vries" })).toBeVisible();
    await expect(args.connectionCallbacks?.onSuccess).toHaveBeenCalledTimes(1);
    await expect(args.connectionCallbacks?.onSuccess).toHaveBeenCalledWith(expect.objectContaining({ region: "be" }));
  },
};

/** The user refuses access on Exact Online's consent page. */
export const AccessDenied: Story = {
  parameters: morph({ scenario: { outcome: "denied" } }),
  play: async ({ args, canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await userEvent.click(await within(dialog).findByRole("button", { name: t.continue }));
    await expect(await within(dialog).findByText(t.errors.ACCESS_DENIED)).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.tryAgain })).toBeVisible();
    await expect(args.connectionCallbacks?.onError).toHaveBeenCalledWith(expect.objectContaining({ code: "ACCESS_DENIED" }));
    await expect(args.connectionCallbacks?.onSuccess).not.toHaveBeenCalled();
  },
};

/** The browser's popup blocker returns null from `window.open`: Try again, or Continue in this tab. */
export const PopupBlocked: Story = {
  parameters: morph({ popupBlocked: true }),
  play: async ({ args, canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await userEvent.click(await within(dialog).findByRole("button", { name: t.continue }));
    await expect(await within(dialog).findByText(t.errors.POPUP_BLOCKED)).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.tryAgain })).toBeVisible();
    // Where pop-ups never work (in-app browsers), the whole tab can go to Exact instead (redirect mode).
    await expect(within(dialog).getByRole("button", { name: t.continueInTab })).toBeVisible();
    await expect(args.connectionCallbacks?.onError).toHaveBeenCalledWith(expect.objectContaining({ code: "POPUP_BLOCKED" }));
  },
};

/** The session token has expired: no retry, the host must mint a new one. */
export const SessionExpired: Story = {
  parameters: morph({ scenario: { outcome: "expired" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.trigger }));
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText(t.errors.SESSION_EXPIRED)).toBeVisible();
    await expect(within(dialog).queryByRole("button", { name: t.tryAgain })).toBeNull();
  },
};

/** The owner connected earlier: the button says so and the dialog shows the connection. */
export const AlreadyConnected: Story = {
  parameters: morph({ scenario: { outcome: "connected" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.triggerConnected }));
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText("Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
    await expect(await within(dialog).findByRole("tab", { name: t.models.genericContact })).toBeVisible();
  },
};

/** Exact Online no longer accepts the stored connection. */
export const NeedsReauth: Story = {
  parameters: morph({ scenario: { outcome: "needs_reauth" } }),
  play: async ({ canvasElement, globals }) => {
    const t = messagesFor(globals);
    await userEvent.click(await within(canvasElement).findByRole("button", { name: t.triggerReauth }));
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText(t.needsReauthHint)).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.reconnect })).toBeVisible();
  },
};

/**
 * What Exact's redirect back does: `?morph_attempt=<id>` in the address bar, a fresh id on every visit
 * (the widget reports an attempt id once per tab, ever).
 */
function backFromExact() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const url = new URL(window.location.href);
  url.searchParams.set("morph_attempt", `att_${id}`);
  window.history.replaceState(window.history.state, "", url.href);
  return {};
}

/**
 * Redirect mode, back on the page after consenting at Exact: the widget reads the attempt's outcome, reports
 * it once, opens on it and takes `morph_attempt` out of the address bar.
 */
export const BackFromExact: Story = {
  args: { mode: "redirect" },
  parameters: morph({ scenario: { outcome: "manual", anyReturnedAttempt: { status: "succeeded", connection: fakeConnection({ region: "be" }) } } }),
  loaders: [backFromExact],
  play: async ({ args, globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText(t.connected, { selector: "p" })).toBeVisible();
    await expect(within(dialog).getByText(regionNameFor(globals, "be"))).toBeVisible();
    await waitFor(() => expect(args.connectionCallbacks?.onSuccess).toHaveBeenCalledTimes(1));
    await expect(new URLSearchParams(window.location.search).has("morph_attempt")).toBe(false);
  },
};

/** Redirect mode, back on the page after refusing at Exact: onError once, the failed view, Try again. */
export const BackFromExactDenied: Story = {
  args: { mode: "redirect" },
  parameters: morph({
    scenario: { outcome: "manual", anyReturnedAttempt: { status: "failed", error: { code: "ACCESS_DENIED", message: "The user denied access" } } },
  }),
  loaders: [backFromExact],
  play: async ({ args, globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(await within(dialog).findByText(t.errors.ACCESS_DENIED)).toBeVisible();
    await expect(within(dialog).getByRole("button", { name: t.tryAgain })).toBeVisible();
    await waitFor(() => expect(args.connectionCallbacks?.onError).toHaveBeenCalledTimes(1));
    await expect(args.connectionCallbacks?.onSuccess).not.toHaveBeenCalled();
  },
};
