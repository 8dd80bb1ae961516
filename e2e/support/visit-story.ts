import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";
import { E2E } from "./constants";

interface StoryIndex {
  entries: Record<string, { id: string; title: string; type: "story" | "docs" }>;
}

const storyIndex = () => JSON.parse(readFileSync(new URL("../../storybook-static/index.json", import.meta.url), "utf8")) as StoryIndex;

/** Ids of every story in the built Storybook (`npm run build-storybook` writes the index). */
export function builtStoryIds(): string[] {
  return Object.values(storyIndex().entries)
    .filter((entry) => entry.type === "story")
    .map((entry) => entry.id);
}

/** The built Storybook's docs pages (MDX and autodocs), in the sidebar's order. */
export function builtDocsEntries(): Array<{ id: string; title: string }> {
  return Object.values(storyIndex().entries)
    .filter((entry) => entry.type === "docs")
    .map(({ id, title }) => ({ id, title }));
}

interface StoryOutcome {
  finished: boolean;
  errors: string[];
}

/**
 * Opens one story alone (`iframe.html`, no Storybook UI) with toolbar globals such as `theme:dark;locale:nl`,
 * waits until it has rendered and its play function has run, and fails if either threw.
 *
 * Storybook 10 reports a failing play function only on its channel (the story stays on screen, the
 * Interactions panel turns red), so the channel is tapped the moment the preview installs it.
 */
export async function visitStory(page: Page, id: string, globals = "theme:light") {
  await page.addInitScript(() => {
    interface Channel {
      on(event: string, listener: (payload: never) => void): void;
    }
    const outcome: StoryOutcome = { finished: false, errors: [] };
    let installed: Channel | undefined;
    Object.assign(window, { __storyOutcome: outcome });
    Object.defineProperty(globalThis, "__STORYBOOK_ADDONS_CHANNEL__", {
      configurable: true,
      get: () => installed,
      set(channel: Channel | undefined) {
        installed = channel;
        channel?.on("playFunctionThrewException", (error: { message: string }) => outcome.errors.push(error.message));
        channel?.on("storyThrewException", (error: { message: string }) => outcome.errors.push(error.message));
        channel?.on("storyErrored", (error: { title: string; description: string }) =>
          outcome.errors.push(`${error.title}: ${error.description}`),
        );
        channel?.on("unhandledErrorsWhilePlaying", (errors: Array<{ message: string }>) =>
          outcome.errors.push(...errors.map((error) => error.message)),
        );
        channel?.on("storyFinished", (finished: { status: string }) => {
          if (finished.status === "error") outcome.errors.push("the story finished with status error");
          outcome.finished = true;
        });
      },
    });
  });
  await page.goto(`${E2E.storybookUrl}/iframe.html?id=${id}&viewMode=story&globals=${globals}`);
  await page.waitForFunction(() => (window as unknown as { __storyOutcome: StoryOutcome }).__storyOutcome.finished);
  const { errors } = await page.evaluate(() => (window as unknown as { __storyOutcome: StoryOutcome }).__storyOutcome);
  expect(errors, `story ${id} failed`).toEqual([]);
}
