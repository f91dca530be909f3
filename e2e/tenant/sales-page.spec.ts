import { expect, test } from "@playwright/test";
import { signInUi, unique, url } from "../support";

const SALES = url("acme", "/courses/watercolor-foundations");

test("the sales page shows its sections: outcomes, curriculum, instructor, testimonials and an FAQ that opens without script", async ({ page }) => {
  await page.goto(SALES);
  await expect(page.getByRole("heading", { level: 1, name: "Watercolor Foundations" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What you'll learn" })).toBeVisible();
  await expect(page.getByText("Lay flat and graded washes without streaks")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your instructor" })).toBeVisible();
  await expect(page.getByText("Olivia Owner", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What students say" })).toBeVisible();
  const faq = page.getByText("How long do I have access?");
  await faq.click();
  await expect(page.getByText("For as long as the course exists, including every update.")).toBeVisible();
  // The buy bar for phones is not shown on a wide screen.
  await expect(page.getByTestId("sticky-buy")).toBeHidden();
  await page.screenshot({ path: "test-results/screens/sales-page.png", fullPage: true });
});

test("on a phone the buy button stays in reach at the bottom of the screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(SALES);
  const bar = page.getByTestId("sticky-buy");
  await expect(bar).toBeVisible();
  await page.mouse.wheel(0, 2500);
  await expect(bar).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/sales-page-mobile.png" });
  await bar.getByRole("link", { name: "Buy now" }).click();
  await expect(page).toHaveURL(/\/checkout\//);
});

test("buying works with JavaScript disabled: the buy link, the checkout form and the confirmation", async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(SALES);
  await page.getByRole("list", { name: "Ways to join" }).getByRole("link", { name: "Buy now" }).click();
  await expect(page).toHaveURL(/\/checkout\//);
  const email = `${unique("nojs")}@example.com`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("No Script");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page.getByRole("heading", { name: "You're in!" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await ctx.close();
});

test("the creator edits the sales page and the site shows it", async ({ page, context }) => {
  const outcome = `Mix a convincing sky ${Date.now()}`;
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@acme.test");
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("link", { name: "Watercolor Foundations" }).first().click();
  await page.getByRole("link", { name: /Edit the sales page/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sales page" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();

  await page.getByRole("button", { name: "Add an outcome" }).click();
  await page.getByLabel("Outcome 6", { exact: true }).fill(outcome);
  await page.getByRole("button", { name: "Move Outcome 6 up" }).click();
  await expect(page.getByLabel("Outcome 5", { exact: true })).toHaveValue(outcome);
  await page.getByRole("textbox", { name: "About this course" }).click();
  await page.keyboard.type("Four weeks from your first wash to a finished landscape.");
  await page.getByRole("button", { name: "Add a question" }).click();
  await page.getByLabel("Question 4", { exact: true }).fill("Which paper should I buy?");
  await page.getByLabel("Answer 4", { exact: true }).fill("300 gsm cold-pressed cotton paper.");
  await expect(page.getByRole("status").filter({ hasText: "Unsaved changes" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/sales-page-editor.png", fullPage: true });
  await page.getByRole("button", { name: "Save sales page" }).click();
  await expect(page.getByText("Sales page saved")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();

  const site = await context.newPage();
  await site.goto(SALES);
  await expect(site.getByText(outcome)).toBeVisible();
  await expect(site.getByText("Four weeks from your first wash to a finished landscape.")).toBeVisible();
  await expect(site.getByText("Which paper should I buy?")).toBeVisible();
});

test("typing is not lost: unsaved changes survive a reload in the same browser", async ({ page }) => {
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@acme.test");
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("link", { name: "Watercolor Foundations" }).first().click();
  await page.getByRole("link", { name: /Edit the sales page/ }).click();
  await page.getByLabel("Bio").fill("A bio typed and never saved.");
  page.once("dialog", (d) => d.accept()); // the leave-page prompt
  await page.reload();
  await page.getByRole("button", { name: "Restore them" }).click();
  await expect(page.getByLabel("Bio")).toHaveValue("A bio typed and never saved.");
});
