// axe on every story of the built Storybook, in light and dark: WCAG 2.0/2.1 A and AA, zero violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { builtStoryIds, visitStory } from "./support/visit-story";

// Every story is a state of the widget, so every story is checked (read from the build, not listed here).
for (const theme of ["light", "dark"]) {
  for (const id of builtStoryIds()) {
    test(`${id} (${theme}) has no axe violations`, async ({ page }) => {
      // Waits for the play function: stories that click through are checked in their final state.
      await visitStory(page, id, `theme:${theme}`);
      // The whole page: the trigger in the story root and the dialog portal on <body>. Storybook's own
      // hidden loaders and error display are `display: none` here, which axe skips.
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const summary = results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
      }));
      expect(summary).toEqual([]);
    });
  }
}
