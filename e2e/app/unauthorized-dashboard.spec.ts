import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

const APP = url("app").replace(/\/$/, "");

test("a signed-out visitor is sent to sign in", async ({ page }) => {
  await page.goto(url("app", "/acme/settings/team"));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test("the owner of acme gets a 404 for beta's dashboard", async ({ page }) => {
  await signInUi(page, APP, "owner@acme.test");
  await expect(page).toHaveURL(url("app", "/acme"));
  const res = await page.goto(url("app", "/beta"));
  expect(res?.status()).toBe(404);
  await expect(page.getByText("Beta School")).toHaveCount(0);
  expect((await page.goto(url("app", "/beta/settings/branding")))?.status()).toBe(404);
});

test("a student has no dashboard", async ({ page }) => {
  await signInUi(page, APP, "student@acme.test");
  await expect(page).toHaveURL(url("app", "/onboarding"));
  expect((await page.goto(url("app", "/acme")))?.status()).toBe(404);
});

test("an editor sees branding read-only and cannot manage the team", async ({ page }) => {
  await signInUi(page, APP, "editor@acme.test");
  await page.goto(url("app", "/acme/settings/branding"));
  await expect(page.getByText("Only owners and admins can change branding.")).toBeVisible();
  await page.goto(url("app", "/acme/settings/team"));
  await expect(page.getByLabel("Invite by email")).toHaveCount(0);
});
