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

test("unauthorized: another school's course builder and student preview are 404, by id, for its editors, students and visitors", async ({ browser }) => {
  // Beta's owner finds one of Beta's courses and its preview link.
  const beta = await browser.newPage();
  await signInUi(beta, APP, "owner@beta.test");
  await beta.goto(url("app", "/beta/courses"));
  const previewHref = await beta
    .getByRole("link", { name: /Preview as student/ })
    .first()
    .getAttribute("href");
  const [, courseId, lessonId] = previewHref!.match(/\/beta\/courses\/([0-9a-f-]{36})\/preview\/([0-9a-f-]{36})/)!;
  expect((await beta.goto(url("app", `/beta/courses/${courseId}`)))?.status()).toBe(200);
  await beta.close();

  // An editor of Acme: not under Beta's slug, nor by id under Acme's own.
  const acme = await browser.newPage();
  await signInUi(acme, APP, "editor@acme.test");
  for (const path of [
    `/beta/courses/${courseId}`,
    `/beta/courses/${courseId}/preview/${lessonId}`,
    `/acme/courses/${courseId}`,
    `/acme/courses/${courseId}/preview/${lessonId}`,
    `/acme/courses/${courseId}?lesson=${lessonId}`,
  ]) {
    expect((await acme.goto(url("app", path)))?.status(), path).toBe(404);
  }
  await expect(acme.getByText("Beta")).toHaveCount(0);
  await acme.close();

  // A student of Acme has no builder at all; a signed-out visitor is sent to sign in.
  const student = await browser.newPage();
  await signInUi(student, APP, "student@acme.test");
  expect((await student.goto(url("app", `/acme/courses`)))?.status()).toBe(404);
  expect((await student.goto(url("app", `/beta/courses/${courseId}/preview/${lessonId}`)))?.status()).toBe(404);
  await student.close();
  const visitor = await browser.newPage();
  await visitor.goto(url("app", `/beta/courses/${courseId}`));
  await expect(visitor).toHaveURL(/\/sign-in\?next=/);
  await visitor.close();
});
