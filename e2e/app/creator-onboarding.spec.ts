import { expect, test } from "@playwright/test";
import { latestMailLink, signInUi, unique, url } from "../support";

test("a creator signs up, confirms the email from the outbox, names a school and lands on its dashboard", async ({ page }) => {
  const slug = unique("school");
  const email = `${slug}@creators.test`;
  // nobody owns the subdomain yet (and that 404 may be cached)
  expect((await page.goto(url(slug)))?.status()).toBe(404);
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Casey Creator");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/onboarding-confirm.png", fullPage: true });

  const link = await latestMailLink(page, email, /Confirm your email for Courseforge/);
  expect(link).toContain(`app.localhost:3100/api/auth/verify-email`);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Name your school" })).toBeVisible();

  // reserved and badly formed subdomains get clear messages
  await page.getByLabel("School name").fill("Casey's Courses");
  await page.getByLabel("Subdomain").fill("admin");
  await page.getByRole("button", { name: "Create school" }).click();
  await expect(page.getByText("That subdomain is reserved; pick another")).toBeVisible();
  await page.getByLabel("Subdomain").fill("acme");
  await page.getByRole("button", { name: "Create school" }).click();
  await expect(page.getByText("That subdomain is taken; pick another.")).toBeVisible();

  await page.getByLabel("Subdomain").fill(slug);
  await page.getByRole("button", { name: "Create school" }).click();
  await expect(page).toHaveURL(url("app", `/${slug}`));
  // A brand-new school: not "Welcome back".
  await expect(page.getByRole("heading", { name: "Welcome, Casey" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link")).toHaveText([
    "Home",
    "Courses",
    "Offers",
    "Orders",
    "Students",
    "Branding",
    "Domains",
    "Team",
    "Payments",
    "Video",
    "Billing",
  ]);
  await page.screenshot({ path: "test-results/screens/dashboard-home.png", fullPage: true });

  await page.goto(url(slug));
  await expect(page.getByRole("heading", { level: 1, name: "Casey's Courses" })).toBeVisible();
  await expect(page.getByText("No courses are published yet.")).toBeVisible();
});

test("the onboarding form works before JavaScript loads (a plain form post to the action)", async ({ browser }) => {
  const withJs = await browser.newContext({ baseURL: url("app") });
  const page = await withJs.newPage();
  await signInUi(page, url("app"), "owner@beta.test");
  const noJs = await browser.newContext({ baseURL: url("app"), javaScriptEnabled: false, storageState: await withJs.storageState() });
  const p = await noJs.newPage();
  await p.goto("/onboarding");
  await p.getByLabel("School name").fill("Plain Form School");
  await p.getByLabel("Subdomain").fill("admin");
  await p.getByRole("button", { name: "Create school" }).click();
  await expect(p.getByText("That subdomain is reserved; pick another")).toBeVisible();
  const slug = unique("plain");
  await p.getByLabel("School name").fill("Plain Form School");
  await p.getByLabel("Subdomain").fill(slug);
  await p.getByRole("button", { name: "Create school" }).click();
  await expect(p.getByRole("status")).toContainText("Your school is ready.");
  await p.getByRole("link", { name: "Open its dashboard" }).click();
  await expect(p).toHaveURL(url("app", `/${slug}`));
  await expect(p.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
  await withJs.close();
  await noJs.close();
});
