import { expect, test } from "@playwright/test";
import { signInUi, unique, url } from "../support";

test("a student signs up on acme's site with acme's branding and lands in their library", async ({ page }) => {
  const email = `${unique("learner")}@students.test`;
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Acme Academy" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/tenant-home.png", fullPage: true });
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Join Acme Academy" })).toBeVisible();
  await page.getByLabel("Name").fill("Lee Learner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(url("acme", "/library"));
  await expect(page.getByRole("heading", { name: "My library" })).toBeVisible();
  await expect(page.getByText("You are not enrolled in any course yet.")).toBeVisible();
});

test("the demo student sees the enrolled course; the sales page shows the curriculum", async ({ page }) => {
  await signInUi(page, url("acme").replace(/\/$/, ""), "student@acme.test");
  await expect(page).toHaveURL(url("acme", "/library"));
  await expect(page.getByTestId("library-course")).toHaveText([/Watercolor Foundations/]);
  await expect(page.getByTestId("library-course").getByRole("progressbar")).toBeVisible();
  // The public pages are cached for everyone, yet the header knows who is here; sign-in and sign-up send a signed-in student on.
  await page.goto("/");
  await expect(page.getByTestId("session-link")).toHaveText("Account");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await page.goto("/sign-in");
  await expect(page).toHaveURL(url("acme", "/library"));
  await page.goto("/sign-up?next=%2Faccount");
  await expect(page).toHaveURL(url("acme", "/account"));
  await page.goto("/courses/watercolor-foundations");
  await expect(page.getByRole("heading", { name: "Curriculum" })).toBeVisible();
  // Enrolled already: the sales page offers the way in, not only the way to pay.
  await page.getByTestId("enrolled-cta").getByRole("link", { name: "Continue the course" }).click();
  await expect(page).toHaveURL(/\/learn\/watercolor-foundations/);
  await page.goto("/courses/watercolor-foundations");
  await expect(page.getByTestId("free-preview").first()).toContainText("Preview");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/course-page-mobile.png", fullPage: true });
});
