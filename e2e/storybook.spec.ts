// The built Storybook (`npm run build-storybook`), one story at a time in its iframe: what each state
// shows, every play function passing, and screenshots of the main states in light and dark.
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { en } from "../src/i18n/en";
import { errorStoryId, USER_ERROR_CODES } from "../stories/support/user-errors";
import { E2E } from "./support/constants";
import { builtDocsEntries, builtStoryIds, visitStory } from "./support/visit-story";

// Exact text matches below: the dialog's screen-reader live region repeats the status ("Could not connect. …").
const dialog = (page: Page) => page.getByRole("dialog", { name: "Connect Exact Online" });

test("idle: the connect button, no dialog", async ({ page }) => {
  await visitStory(page, "connect-flow--idle");
  await expect(page.getByRole("button", { name: "Connect Exact Online" })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("dialog open: region, required and optional permissions, sandbox notice, Continue", async ({ page }) => {
  await visitStory(page, "connect-states--choose-required-and-optional");
  await expect(dialog(page).getByText("Choose your region and review what this app may do.")).toBeVisible();
  await expect(dialog(page).getByLabel("Region")).toHaveValue("nl");
  await expect(dialog(page).getByRole("group", { name: "Sales invoices" }).getByRole("checkbox", { name: "list" })).toBeDisabled();
  await expect(dialog(page).getByRole("group", { name: "Sales invoices" }).getByRole("checkbox", { name: "create" })).toBeEnabled();
  await expect(dialog(page).getByText("Sandbox mode: a simulated Exact Online, no real data.")).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Continue" })).toBeEnabled();
});

test("dialog open with every built-in model: one group per model", async ({ page }) => {
  await visitStory(page, "connect-states--choose-all-models");
  for (const model of ["Contacts", "Companies", "Users", "Administrations", "Sales invoices", "Invoice lines", "Ledger accounts", "Bills", "Attachments"]) {
    await expect(dialog(page).getByRole("group", { name: model })).toBeVisible();
  }
});

test("dialog open in Dutch: the locale global reaches the widget", async ({ page }) => {
  await visitStory(page, "connect-states--choose-few-permissions", "theme:light;locale:nl");
  await expect(page.getByRole("dialog", { name: "Koppel Exact Online" })).toBeVisible();
});

test("the dark theme global reaches the widget and the page", async ({ page }) => {
  await visitStory(page, "connect-flow--idle", "theme:dark");
  await expect(page.locator("[data-slot=connect]")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(3, 7, 18)");
});

test("authorizing (live): region Belgium, Continue, then waiting for the popup", async ({ page }) => {
  await visitStory(page, "connect-flow--authorizing");
  await expect(dialog(page).locator("p", { hasText: "Waiting for Exact Online…" })).toBeVisible();
  await expect(dialog(page).getByText("Sign in and approve access in the Exact Online window.")).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Focus window" })).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Cancel" })).toBeVisible();
});

test("verifying: checking the connection, only Cancel", async ({ page }) => {
  await visitStory(page, "connect-states--verifying");
  await expect(dialog(page).locator("p", { hasText: "Checking the connection…" })).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Focus window" })).toHaveCount(0);
});

test("connected (live): the company, region and a preview after the whole flow", async ({ page }) => {
  await visitStory(page, "connect-flow--connect-success");
  await expect(dialog(page).getByText("Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
  await expect(dialog(page).getByText("Belgium")).toBeVisible();
  await expect(dialog(page).getByRole("cell", { name: "Anna de Vries" })).toBeVisible();
});

test("connected with preview: tabs per model, a table of rows", async ({ page }) => {
  await visitStory(page, "connect-states--connected-with-preview");
  await expect(dialog(page).getByText("Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
  await expect(dialog(page).getByRole("tab")).toHaveText(["Contacts", "Sales invoices", "Invoice lines", "Companies"]);
  await dialog(page).getByRole("tab", { name: "Sales invoices" }).click();
  await expect(dialog(page).getByRole("row", { name: /2025-002/ })).toContainText("Café 't Hoekje");
  await dialog(page).getByRole("tab", { name: "Companies" }).click();
  await expect(dialog(page).getByText("No records yet.")).toBeVisible();
});

test("connected with missing permissions: what Exact refuses", async ({ page }) => {
  await visitStory(page, "connect-states--connected-with-missing-permissions");
  await expect(dialog(page).getByText("Some permissions are missing")).toBeVisible();
  await expect(dialog(page).getByRole("listitem")).toHaveText(["Contacts: create", "Sales invoices: list"]);
});

test("insufficient permissions: the missing rights by model and a line for the Exact administrator", async ({ page }) => {
  await visitStory(page, "connect-errors--insufficient-permissions");
  await expect(dialog(page).getByRole("listitem")).toHaveText(["Contacts: create, update", "Sales invoices: list"]);
  await expect(dialog(page).getByText("For your Exact Online administrator:")).toBeVisible();
  await expect(dialog(page).locator("[data-slot=administrator-request]")).toHaveText(
    "Please give my Exact Online user these rights: Contacts: create, update; Sales invoices: list.",
  );
});

test("insufficient permissions in Dutch: the same rights in the user's language", async ({ page }) => {
  await visitStory(page, "connect-errors--insufficient-permissions", "theme:light;locale:nl");
  await expect(page.getByRole("dialog").getByRole("listitem")).toHaveText(["Contactpersonen: aanmaken, wijzigen", "Verkoopfacturen: overzicht"]);
});

test("needs re-auth: the hint and Re-connect, no preview", async ({ page }) => {
  await visitStory(page, "connect-states--needs-reauth");
  await expect(dialog(page).getByText("Exact Online no longer accepts this connection. Connect again.")).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Re-connect" })).toBeVisible();
  await expect(dialog(page).getByRole("tablist")).toHaveCount(0);
});

test("denied (live): the error text and Try again", async ({ page }) => {
  await visitStory(page, "connect-flow--access-denied");
  await expect(dialog(page).getByText("Access was not granted in Exact Online.", { exact: true })).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Try again" })).toBeVisible();
});

test("popup blocked (live): the error text tells how to fix it", async ({ page }) => {
  await visitStory(page, "connect-flow--popup-blocked");
  await expect(
    dialog(page).getByText("Your browser blocked the Exact Online window. Allow pop-ups for this site, then try again.", {
        exact: true,
      }),
  ).toBeVisible();
});

test("session expired (live): no Try again", async ({ page }) => {
  await visitStory(page, "connect-flow--session-expired");
  await expect(dialog(page).getByText("This connection link has expired. Reload the page.", { exact: true })).toBeVisible();
  await expect(dialog(page).getByRole("button", { name: "Try again" })).toHaveCount(0);
});

for (const code of USER_ERROR_CODES) {
  test(`error story ${code}: its message, Try again unless the session is unusable`, async ({ page }) => {
    await visitStory(page, errorStoryId(code));
    await expect(dialog(page).locator("[data-slot=failed]")).toHaveAttribute("data-error-code", code);
    await expect(dialog(page).getByText(en.errors[code], { exact: true })).toBeVisible();
    const sessionError = code === "SESSION_EXPIRED" || code === "INVALID_SESSION";
    await expect(dialog(page).getByRole("button", { name: "Try again" })).toHaveCount(sessionError ? 0 : 1);
  });
}

test("docs: the Getting started page comes first, and every story file has an autodocs page", () => {
  const docs = builtDocsEntries();
  expect(docs[0]).toEqual({ id: "getting-started--docs", title: "Getting started" });
  expect(docs.map((entry) => entry.title).sort()).toEqual(["Connect/Errors", "Connect/Flow", "Connect/States", "Getting started"]);
});

test("docs: Getting started shows installing, the session token and the widget", async ({ page }) => {
  await page.goto(`${E2E.storybookUrl}/iframe.html?id=getting-started--docs&viewMode=docs`);
  const docs = page.locator(".sbdocs-content");
  await expect(docs.getByRole("heading", { name: "Getting started", level: 1 })).toBeVisible();
  await expect(docs.getByRole("heading", { level: 2 })).toHaveText(["1. Install", "2. Mint a session token on your backend", "3. Render the widget", "4. Explore"]);
  await expect(docs.getByText("npm install morph-connect")).toBeVisible();
  await expect(docs.getByText('import { Connect, MorphProvider } from "morph-connect";')).toBeVisible();
});

test("docs: the Connect/Flow autodocs page has Connect's props and every story in a frame of its own", async ({ page }) => {
  await page.goto(`${E2E.storybookUrl}/iframe.html?id=connect-flow--docs&viewMode=docs`);
  const docs = page.locator(".sbdocs-content");
  await expect(docs.getByRole("heading", { name: "Flow", level: 1 })).toBeVisible();
  await expect(docs.getByRole("table").filter({ hasText: "sessionToken" })).toContainText("Minted by your backend with POST /v1/sessions.");
  await expect(docs.locator("iframe[src*='id=connect-flow--connect-success']")).toHaveCount(1);
  // A story's open dialog stays inside its own frame: the docs page itself has none.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(docs.frameLocator("iframe[src*='id=connect-flow--idle']").first().getByRole("button", { name: "Connect Exact Online" })).toBeVisible();
});

for (const id of builtStoryIds()) {
  test(`story ${id} renders and its play function passes`, async ({ page }) => {
    await visitStory(page, id);
  });
}

for (const theme of ["light", "dark"]) {
  test.describe(`screenshots, ${theme}`, () => {
    test("idle", async ({ page }) => {
      await visitStory(page, "connect-flow--idle", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`idle-${theme}.png`);
    });

    test("dialog open", async ({ page }) => {
      await visitStory(page, "connect-states--choose-required-and-optional", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`dialog-open-${theme}.png`);
    });

    test("authorizing", async ({ page }) => {
      await visitStory(page, "connect-states--authorizing", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`authorizing-${theme}.png`);
    });

    test("connected with preview", async ({ page }) => {
      await visitStory(page, "connect-states--connected-with-preview", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`connected-${theme}.png`);
    });

    test("failed", async ({ page }) => {
      await visitStory(page, "connect-errors--access-denied", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`failed-${theme}.png`);
    });

    test("failed, rights missing", async ({ page }) => {
      await visitStory(page, "connect-errors--insufficient-permissions", `theme:${theme}`);
      await expect(page).toHaveScreenshot(`failed-missing-rights-${theme}.png`);
    });
  });
}
