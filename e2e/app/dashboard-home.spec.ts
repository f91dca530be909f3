import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInUi, url } from "../support";

test("the owner's home: 30 days at a glance, top courses, recent activity, plan and credits, and what to set up next", async ({ page }) => {
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@acme.test");
  await page.goto(url("app", "/acme"));
  await expect(page.getByRole("heading", { name: "Welcome back, Olivia" })).toBeVisible();
  // Signed in already: the sign-in and sign-up pages send the creator on to their school.
  await page.goto(url("app", "/sign-in"));
  await expect(page).toHaveURL(url("app", "/acme"));
  await page.goto(url("app", "/sign-up"));
  await expect(page).toHaveURL(url("app", "/acme"));
  // Nothing sold yet in the demo: the revenue card says what to do instead of showing an empty chart.
  await expect(page.getByText("No sales in the last 30 days yet.")).toBeVisible();
  await expect(page.getByTestId("stat-active-students")).toBeVisible();
  await expect(page.getByTestId("top-courses")).toContainText("Watercolor Foundations");
  await expect(page.getByTestId("recent-activity")).toContainText("Sam Student enrolled in Watercolor Foundations");
  const checklist = page.getByTestId("setup-checklist");
  await expect(checklist.getByRole("listitem").filter({ hasText: "Publish a course" })).toContainText("(done)");
  await expect(checklist.getByRole("listitem").filter({ hasText: "Connect payments" })).toContainText("(to do)");
  await expect(page.getByTestId("credits-available")).toContainText("available");
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
  await page.screenshot({ path: "test-results/screens/dashboard-home-owner.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The menu is a strip that scrolls sideways on a phone: an edge fades where more items hide.
  await expect(page.getByTestId("scroll-more")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/dashboard-home-mobile.png", fullPage: true });
  // Scrolled to its end, the strip shows its last item and the fade on that side goes.
  await page.getByRole("navigation", { name: "Dashboard" }).evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Billing" })).toBeInViewport();
  await expect(page.getByTestId("scroll-more")).toHaveCount(0);
});

test("unauthorized: another school's owner and a signed-out visitor get nothing of Acme's home", async ({ page }) => {
  await page.goto(url("app", "/acme"));
  await expect(page).toHaveURL(/sign-in/);
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@beta.test");
  const res = await page.goto(url("app", "/acme"));
  expect(res?.status()).toBe(404);
  await expect(page.getByText("Watercolor Foundations")).toHaveCount(0);
});
