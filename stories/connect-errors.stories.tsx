import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { findDialog } from "./support/dialog";
import { failedState } from "./support/fixtures";
import { messagesFor } from "./support/messages";
import { StaticConnect } from "./support/static-connect";
import type { UserErrorCode } from "./support/user-errors";

/**
 * The failed dialog for every error a user can meet (`USER_ERROR_CODES`), each named by its code.
 * Session errors offer no "Try again": only the host can mint a new session token.
 */
const meta = {
  title: "Connect/Errors",
  component: StaticConnect,
  args: { state: failedState("PROVIDER_ERROR"), dialogOpen: true, onRetry: fn() },
} satisfies Meta<typeof StaticConnect>;

export default meta;
type Story = StoryObj<typeof meta>;

function errorStory(code: UserErrorCode): Story {
  return {
    args: { state: failedState(code) },
    play: async ({ globals }) => {
      const t = messagesFor(globals);
      const dialog = await findDialog(t.trigger);
      await expect(within(dialog).getByText(t.errors[code])).toBeVisible();
    },
  };
}

// Storybook reads story names from the exports themselves, so each code needs its own line.
/** Pop-ups blocked (an in-app browser, a webview): besides Try again, "Continue in this tab" (redirect mode). */
export const PopupBlocked: Story = {
  args: { state: failedState("POPUP_BLOCKED"), onContinueInTab: fn() },
  play: async ({ args, globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(within(dialog).getByText(t.errors.POPUP_BLOCKED)).toBeVisible();
    const continueInTab = within(dialog).getByRole("button", { name: t.continueInTab });
    // Keyboard: it is a real button in the dialog's tab order, after Try again.
    within(dialog).getByRole("button", { name: t.tryAgain }).focus();
    await userEvent.tab();
    await expect(continueInTab).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await expect(args.onContinueInTab).toHaveBeenCalledTimes(1);
  },
};
export const PopupClosed = errorStory("POPUP_CLOSED");
export const AccessDenied = errorStory("ACCESS_DENIED");
export const SessionExpired = errorStory("SESSION_EXPIRED");
export const InvalidSession = errorStory("INVALID_SESSION");
/** Exact refuses some rights: they are listed by model, with a sentence for the Exact administrator. */
export const InsufficientPermissions: Story = {
  args: { state: failedState("INSUFFICIENT_PERMISSIONS") },
  play: async ({ globals }) => {
    const t = messagesFor(globals);
    const dialog = await findDialog(t.trigger);
    await expect(within(dialog).getByText(t.errors.INSUFFICIENT_PERMISSIONS)).toBeVisible();
    const lines = [
      `${t.models.genericContact}: ${t.actions.create}, ${t.actions.update}`,
      `${t.models.accountingInvoice}: ${t.actions.list}`,
    ];
    await expect(within(dialog).getAllByRole("listitem").map((item) => item.textContent)).toEqual(lines);
    await expect(within(dialog).getByText(t.administratorRequest.replace("{rights}", lines.join("; ")))).toBeVisible();
  },
};
export const ProviderError = errorStory("PROVIDER_ERROR");
export const NetworkError = errorStory("NETWORK_ERROR");
export const RateLimited = errorStory("RATE_LIMITED");
export const StateExpired = errorStory("STATE_EXPIRED");
export const Cancelled = errorStory("CANCELLED");
export const NeedsReauth = errorStory("NEEDS_REAUTH");
