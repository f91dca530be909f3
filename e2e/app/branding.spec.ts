import { expect, test } from "@playwright/test";
import { PORT, rawGet, signInUi, url } from "../support";

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
  await page.getByLabel("Logo", { exact: true }).fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Use a colour like #0f766e").first()).toBeVisible();
  await expect(page.getByText("Upload an image or use a full https:// address").first()).toBeVisible();
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("the logo and favicon are uploaded like a course cover; the school's site and its /favicon.ico use them", async ({ page }) => {
  // Before: every host answers /favicon.ico with an icon — the platform's, and the school's initial in its colour.
  for (const host of ["app", "beta"]) {
    const res = await rawGet(`${host}.localhost:${PORT}`, "/favicon.ico");
    expect(res.status, host).toBe(200);
    expect(res.headers["content-type"], host).toBe("image/png");
  }
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@beta.test");
  await page.goto(url("app", "/beta/settings/branding"));
  await page.getByLabel("Logo file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByText("Logo uploaded: save the branding to use it")).toBeVisible();
  await expect(page.getByTestId("logoUrl-preview")).toHaveAttribute("src", /^\/api\/media\/[0-9a-f-]{36}$/);
  await page.getByLabel("Favicon file").setInputFiles({ name: "icon.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("faviconUrl-preview")).toHaveAttribute("src", /^\/api\/media\/[0-9a-f-]{36}$/);
  await page.screenshot({ path: "test-results/screens/branding-uploads.png", fullPage: true });
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Branding saved")).toBeVisible();
  const favicon = (await page.getByTestId("faviconUrl-preview").getAttribute("src"))!;

  const site = await page.context().newPage();
  await site.goto(url("beta"));
  const logo = site.getByRole("banner").getByRole("img", { name: "Beta School" });
  await expect(logo).toHaveAttribute("src", /^\/api\/media\//);
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const icon = await rawGet(`beta.localhost:${PORT}`, "/favicon.ico");
  expect(icon.status).toBe(302);
  expect(icon.headers.location).toBe(favicon);
  // Back to none, for the other tests.
  await page.getByRole("button", { name: "Remove" }).first().click();
  await page.getByRole("button", { name: "Remove" }).first().click();
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Branding saved").last()).toBeVisible();
});
