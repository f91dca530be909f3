import { expect, test } from "@playwright/test";
import { rawGet, signInUi, url } from "../support";

test("a student of acme cannot see beta: no session there, and beta's pages never render on acme", async ({ page }) => {
  await signInUi(page, url("acme").replace(/\/$/, ""), "student@acme.test");
  await expect(page).toHaveURL(url("acme", "/library"));

  // sessions are per host: beta's library asks to sign in on beta
  await page.goto(url("beta", "/library"));
  await expect(page).toHaveURL(url("beta", "/sign-in?next=%2Flibrary"));
  await expect(page.getByRole("heading", { name: "Sign in to Beta School" })).toBeVisible();

  // beta's course and internal paths on acme's host are 404 and show nothing of beta
  for (const path of ["/courses/intro-to-python", "/sites/beta", "/sites/beta/courses/intro-to-python", "/portal/beta/library", "/dashboard/beta"]) {
    const res = await page.goto(url("acme", path));
    expect(res?.status(), path).toBe(404);
    await expect(page.getByText("Beta School")).toHaveCount(0);
    await expect(page.getByText("Intro to Python")).toHaveCount(0);
  }
  // a draft is not public
  expect((await page.goto(url("acme", "/courses/advanced-composition")))?.status()).toBe(404);
});

test("a signed-out visitor gets the sign-in page for student areas", async ({ page }) => {
  await page.goto("/library");
  await expect(page).toHaveURL(url("acme", "/sign-in?next=%2Flibrary"));
  await page.goto("/account");
  await expect(page).toHaveURL(url("acme", "/sign-in?next=%2Faccount"));
});

test("host routing: unknown hosts are 404, malformed hosts 400, internal prefixes never leak", async ({ page }) => {
  expect((await page.goto(url("nobody", "/")))?.status()).toBe(404);
  expect((await rawGet("shop.example.org", "/")).status).toBe(404);
  expect((await rawGet("bad_host", "/")).status).toBe(400);
  expect((await rawGet("a.b.localhost:3100", "/")).status).toBe(400);
  expect((await rawGet("acme.localhost:3100:99", "/")).status).toBe(400);
  const cross = await rawGet("acme.localhost:3100", "/sites/beta");
  expect(cross.status).toBe(404);
  expect(cross.body).not.toContain("Beta School");
  const beta = await rawGet("beta.localhost:3100", "/");
  expect(beta.status).toBe(200);
  expect(beta.body).toContain("Beta School");
  expect(beta.body).not.toContain("Acme Academy");
  const root = await rawGet("localhost:3100", "/");
  expect(root.body).toContain("Create your school");
  // The platform home offers what the product does, not what it does not do yet.
  expect(root.body).not.toMatch(/\b(AI|[Cc]ommunity|[Bb]roadcasts?|[Ee]mail (marketing|sequences))\b/);
});
