import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

const APP = url("app").replace(/\/$/, "");

test("a platform admin sees email runs and their steps, with tokens masked", async ({ page }) => {
  // make sure there is at least one email run: ask for a magic link on acme
  await page.goto(url("acme", "/sign-in"));
  await page.getByLabel("Email").fill("student@acme.test");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();

  await signInUi(page, APP, "admin@courseforge.test");
  await page.goto(url("app", "/jobs?status=completed"));
  await expect(page.getByTestId("job-run").first()).toBeVisible();
  // Each run names its school (linked to it in the schools list), not a bare id.
  const run = page.getByTestId("job-run").filter({ hasText: "send-magic-link-email" }).first();
  await expect(run.getByRole("link", { name: "Acme Academy" })).toHaveAttribute("href", "/admin/schools?q=acme");
  // On a phone the table scrolls in its own box; the page itself does not run off the side.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/jobs-mobile.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("link", { name: "send-magic-link-email" }).first().click();
  await expect(page.getByTestId("job-step").first()).toContainText("send");
  await expect(page.getByTestId("job-step").first()).toContainText("completed");
  await expect(page.getByText(/token=[A-Za-z0-9]{10,}/)).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/jobs-run.png", fullPage: true });
});

test("unauthorized: the jobs page is 404 for a creator and asks a visitor to sign in", async ({ page }) => {
  await page.goto(url("app", "/jobs"));
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fjobs/);
  await signInUi(page, APP, "owner@acme.test");
  expect((await page.goto(url("app", "/jobs")))?.status()).toBe(404);
});
