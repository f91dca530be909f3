import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

const APP = url("app").replace(/\/$/, "");

test("a platform admin finds a school and adjusts its credits with a reason", async ({ page }) => {
  await signInUi(page, APP, "admin@courseforge.test");
  await page.goto(url("app", "/admin/schools"));
  await page.getByRole("searchbox", { name: "Search schools" }).fill("acme");
  await page.getByRole("searchbox", { name: "Search schools" }).press("Enter");
  const acme = page.getByTestId("admin-school").filter({ hasText: "Acme Academy" });
  await expect(page.getByTestId("admin-school")).toHaveCount(1);
  const before = Number((await acme.getByTestId("admin-school-available").innerText()).replace(/,/g, ""));

  await acme.getByRole("button", { name: "Adjust credits of Acme Academy" }).click();
  await acme.getByLabel(/Credits/).fill("0");
  await acme.getByLabel(/Reason/).fill("no");
  await acme.getByRole("button", { name: "Apply" }).click();
  await expect(acme.getByText("Enter a number other than zero")).toBeVisible();
  await expect(acme.getByText("Say why (at least 3 characters)")).toBeVisible();

  await acme.getByLabel(/Credits/).fill("100");
  await acme.getByLabel(/Reason/).fill("Goodwill after the video outage");
  await acme.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Added 100 credits to Acme Academy")).toBeVisible();
  await expect(acme.getByTestId("admin-school-available")).toHaveText((before + 100).toLocaleString("en"));
  await page.screenshot({ path: "test-results/screens/admin-schools.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/admin-schools-mobile.png", fullPage: true });

  // The school's owner sees the adjustment, with its reason, in the billing ledger.
  const owner = await page.context().browser()!.newPage();
  await signInUi(owner, APP, "owner@acme.test");
  await owner.goto(url("app", "/acme/settings/billing"));
  await expect(owner.getByText("Goodwill after the video outage").first()).toBeVisible();
  await owner.close();
});

test("unauthorized: the schools admin page is 404 for a creator and asks a visitor to sign in", async ({ page }) => {
  await page.goto(url("app", "/admin/schools"));
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fschools/);
  await signInUi(page, APP, "owner@acme.test");
  expect((await page.goto(url("app", "/admin/schools")))?.status()).toBe(404);
  // The admin home too: a creator gets nothing of it, and their own "/" is their school, not the admin home.
  expect((await page.goto(url("app", "/admin")))?.status()).toBe(404);
  await page.goto(url("app", "/"));
  await expect(page).toHaveURL(url("app", "/acme"));
});

test("a platform admin lands on the admin home, in the dashboard's shell, with the way to schools, jobs and the outbox", async ({ page }) => {
  await signInUi(page, APP, "admin@courseforge.test");
  await expect(page).toHaveURL(url("app", "/admin"));
  await expect(page.getByRole("heading", { name: "Platform admin" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Platform admin" });
  await expect(nav.getByRole("link")).toHaveText(["Admin home", "Schools", "Jobs", "Outbox"]);
  await expect(page.getByTestId("admin-card-schools")).toContainText(/\d+/);
  await page.screenshot({ path: "test-results/screens/admin-home.png", fullPage: true });
  await page.getByTestId("admin-card-schools").click();
  await expect(page).toHaveURL(url("app", "/admin/schools"));
  await expect(nav.getByRole("link", { name: "Schools" })).toHaveAttribute("aria-current", "page");
  // Signing out from the shell's account menu.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // On a phone the navigation is a strip that scrolls, and says so.
  await page.setViewportSize({ width: 390, height: 844 });
  await signInUi(page, APP, "admin@courseforge.test");
  await expect(page.getByRole("navigation", { name: "Platform admin" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/admin-home-mobile.png", fullPage: true });
});
