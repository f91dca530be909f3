import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

const APP = url("app").replace(/\/$/, "");

test("the owner sees usage bars and credits, buys a top-up in test mode and exports the ledger", async ({ page }) => {
  await signInUi(page, APP, "owner@acme.test");
  // The courses meter counts the school's courses (the seed's three, and any an earlier test made).
  await page.goto(url("app", "/acme/courses"));
  const courses = await page.getByTestId("course-list").locator(":scope > li").count();
  expect(courses).toBeGreaterThanOrEqual(3);
  await page.goto(url("app", "/acme/settings/billing"));
  await expect(page.getByText("Test mode")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "courses", exact: true })).toHaveAttribute("aria-valuenow", String(courses));
  const available = page.getByTestId("credits-available");
  const before = Number((await available.textContent())!.replace(/,/g, ""));
  await page.getByRole("button", { name: /Buy 500 credits/ }).click();
  await expect(page.getByText("500 credits added")).toBeVisible();
  await expect(available).toHaveText((before + 500).toLocaleString("en-US"));
  await page.screenshot({ path: "test-results/screens/billing.png", fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text.split(/\r?\n/)[0]).toBe("date,kind,reason,available_change,held_change,transaction_id,idempotency_key");
  expect(text).toContain("Top-up: 500 credits (test mode)");
});

test("unauthorized: an editor sees billing read-only; another tenant's ledger export is 404", async ({ page }) => {
  await signInUi(page, APP, "editor@acme.test");
  await page.goto(url("app", "/acme/settings/billing"));
  await expect(page.getByRole("button", { name: /Switch to/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Buy/ })).toHaveCount(0);
  const r = await page.goto(url("app", "/beta/settings/billing/ledger.csv"));
  expect(r?.status()).toBe(404);
});
