import { expect, screen, waitFor } from "storybook/test";

/**
 * The open dialog, once it takes the pointer. Radix's modal turns the body's pointer events off in an
 * effect and gives them back to the dialog's layer on the render after; a play function that clicks in
 * between (no person is that fast) would hit `pointer-events: none`.
 */
export async function findDialog(name: string): Promise<HTMLElement> {
  const dialog = await screen.findByRole("dialog", { name });
  await waitFor(() => expect(getComputedStyle(dialog).pointerEvents).not.toBe("none"));
  return dialog;
}
