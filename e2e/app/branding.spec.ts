import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

test("the owner changes branding and the tenant site shows it on the next visit", async ({ page, context }) => {
  const site = await context.newPage();
  await site.goto(url("beta"));
  await expect(site.getByRole("heading", { level: 1, name: "Beta School" })).toBeVisible(); // now cached

  await signInUi(page, url("app").replace(/\/$/, ""), "owner@beta.test");
  await expect(page).toHaveURL(url("app", "/beta"));
  await page.goto(url("app", "/beta/settings/branding"));
  const tagline = `Fresh tagline ${Date.now()}`;
  await page.getByLabel("Tagline").fill(tagline);
  await page.getByLabel("Brand colour", { exact: true }).fill("#be123c");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Branding saved")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/branding.png", fullPage: true });

  await site.goto(url("beta"));
  await expect(site.getByText(tagline)).toBeVisible();
  await expect(site.locator("[data-tenant=beta]")).toHaveAttribute("style", /#be123c/);
});

test("invalid branding values are refused with a message per field", async ({ page }) => {
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@beta.test");
  await page.goto(url("app", "/beta/settings/branding"));
  await page.getByLabel("Brand colour", { exact: true }).fill("red");
  await page.getByLabel("Logo URL").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Use a colour like #0f766e").first()).toBeVisible();
});
