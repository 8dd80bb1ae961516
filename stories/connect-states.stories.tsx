import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { findDialog } from "./support/dialog";
import { DialogShell } from "../src/connect/dialog/dialog-shell";
import { MODELS } from "../src/protocol";
import {
  allModelsSession,
  customModelPreviews,
  customModelsSession,
  failedPreviews,
  fewPermissionsSession,
  optionalPermissionsSession,
  previews,
  states,
} from "./support/fixtures";
import { messagesFor, regionNameFor } from "./support/messages";
import { StaticConnect } from "./support/static-connect";

/**
 * `ConnectView` in one machine state each, dialog open: no requests, no timers, the same picture every
 * time. This is where layout, contrast and copy are reviewed; `Connect/Flow` shows the states live.
 */
const meta = {
  title: "Connect/States",
  component: StaticConnect,
  args: {
    state: states.loading,
    dialogOpen: true,
    onStart: fn(),
    onCancel: fn(),
    onRetry: fn(),
    onReconnect: fn(),
    onDisconnect: fn(),
    onFocusPopup: fn(),
  },
} satisfies Meta<typeof StaticConnect>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Loading: Story = {};

/**
 * A click that beats the dialog's chunk: its frame and title at once, in the user's language, until
 * the chunk arrives (the real `<Connect>` then swaps in the dialog).
 */
export const DialogChunkLoading: Story = {
  render: () => <DialogShell onClose={fn()} />,
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const shell = await findDialog(t.trigger);
    await expect(shell).toHaveAttribute("aria-busy", "true");
  },
};

export const ChooseFewPermissions: Story = {
  args: { state: states.choosing(fewPermissionsSession) },
};

export const ChooseRequiredAndOptional: Story = {
  args: { state: states.choosing(optionalPermissionsSession) },
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    const invoices = within(within(dialog).getByRole("group", { name: t.models.accountingInvoice }));
    // Required permissions are locked on; optional ones start off and can be switched on.
    await expect(invoices.getByRole("checkbox", { name: t.actions.list })).toBeDisabled();
    await expect(invoices.getByRole("checkbox", { name: t.actions.list })).toBeChecked();
    await expect(invoices.getByRole("checkbox", { name: t.actions.create })).not.toBeChecked();
  },
};

/** Every built-in model, one group each, in the protocol's order. */
export const ChooseAllModels: Story = {
  args: { state: states.choosing(allModelsSession) },
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    const legends = within(dialog)
      .getAllByRole("group")
      .map((group) => group.querySelector("legend")?.textContent);
    await expect(legends).toEqual(MODELS.map((model) => t.models[model]));
  },
};

/**
 * Custom models from the session (`Journals`, `Items`) beside a built-in one, and raw API access whose
 * actions the widget does not know (shown as the server names them).
 */
export const ChooseCustomModels: Story = {
  args: { state: states.choosing(customModelsSession) },
  play: async ({ args, globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    const legends = within(dialog)
      .getAllByRole("group")
      .map((group) => group.querySelector("legend")?.textContent);
    await expect(legends).toEqual([t.models.genericContact, "Journals", "Items", "Direct API access"]);
    const proxy = within(within(dialog).getByRole("group", { name: "Direct API access" }));
    await userEvent.click(proxy.getByRole("checkbox", { name: "read" }));
    await userEvent.click(within(dialog).getByRole("button", { name: t.continue }));
    await expect(args.onStart).toHaveBeenCalledWith("nl", ["proxy::read"]);
  },
};

/** Belgium picked and an optional permission switched on; Continue reports both. */
export const RegionPicked: Story = {
  args: { state: states.choosing(optionalPermissionsSession) },
  play: async ({ args, globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    const region = within(dialog).getByLabelText(t.region);
    await userEvent.selectOptions(region, "be");
    await expect(region).toHaveDisplayValue(regionNameFor(globals, "be"));
    const contacts = within(within(dialog).getByRole("group", { name: t.models.genericContact }));
    await userEvent.click(contacts.getByRole("checkbox", { name: t.actions.delete }));
    await userEvent.click(within(dialog).getByRole("button", { name: t.continue }));
    await expect(args.onStart).toHaveBeenCalledWith("be", ["genericContact::delete"]);
  },
};

export const Authorizing: Story = {
  args: { state: states.authorizing },
};

/** Redirect mode, Continue clicked: the tab is on its way to Exact Online (no window to focus, nothing to cancel). */
export const Redirecting: Story = {
  args: { state: states.redirecting },
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(within(dialog).getByText(t.redirecting, { selector: "p" })).toBeVisible();
    await expect(within(dialog).queryByRole("button", { name: t.focusWindow })).toBeNull();
  },
};

export const Verifying: Story = {
  args: { state: states.verifying },
};

/** Rows for several models, one of them empty (tab switching is covered in e2e/storybook.spec.ts). */
export const ConnectedWithPreview: Story = {
  args: { state: states.connected, previews },
};

/** A custom model's preview: its columns come from its rows. */
export const ConnectedWithCustomModelPreview: Story = {
  args: { state: states.connectedCustomModels, previews: customModelPreviews },
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(within(dialog).getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Journals", t.models.genericContact]);
    await expect(within(dialog).getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual([t.columns.code, t.columns.description, "type"]);
    await expect(within(dialog).getByRole("cell", { name: "Verkoopboek" })).toBeVisible();
  },
};

export const ConnectedPreviewFailed: Story = {
  args: { state: states.connected, previews: failedPreviews },
};

export const ConnectedWithMissingPermissions: Story = {
  args: { state: states.missingPermissions, previews: previews.slice(0, 1) },
};

export const NeedsReauth: Story = {
  args: { state: states.needsReauth },
};
