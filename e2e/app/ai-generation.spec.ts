import { expect, test } from "@playwright/test";
import { signInUi, unique, url } from "../support";

/**
 * AI course generation on the embedded default, answered by the labelled sample provider (no AI account
 * here): brief → the outline streams in → edited (renamed, a lesson removed, a module moved, a lesson
 * rewritten with a note) → approved → lessons, quizzes and the cover are written with progress → the
 * draft opens in the builder. The school's credit history shows the holds, captures and releases, and
 * they add up. Then another school's owner and a student get nothing.
 */
test("a creator generates a course from a brief with the sample provider; it opens as a draft in the builder and the credits add up", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInUi(page, url("app"), "owner@acme.test");
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("link", { name: "Generate with AI" }).click();
  await expect(page.getByRole("heading", { name: "Generate a course with AI" })).toBeVisible();
  await expect(page.getByTestId("sample-provider")).toContainText("Sample provider");

  const topic = unique("Pottery");
  await page.getByLabel("What is the course about?").fill(topic);
  await page.getByLabel("Who is it for?").fill("Complete beginners");
  await page.getByLabel("Modules").fill("2");
  await page.getByLabel("Lessons per module").fill("3");
  await expect(page.getByTestId("credit-estimate")).toContainText(/About \d+ credits; up to \d+ are held/);
  await page.screenshot({ path: "test-results/screens/ai-brief.png", fullPage: true });
  await page.getByRole("button", { name: "Write the outline" }).click();

  // The outline is written (streamed), then opens for review.
  await expect(page).toHaveURL(/\/acme\/courses\/generate\/[0-9a-f-]{36}$/);
  const runUrl = page.url();
  await expect(page.getByTestId("outline-editor")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("outline-module")).toHaveCount(2);
  await expect(page.getByTestId("outline-lesson")).toHaveCount(6);

  // Edit: rename the first module, remove a lesson of the second, move the second module up.
  await page.getByLabel("Module 1 title").fill("Clay basics");
  await page
    .getByTestId("outline-module")
    .nth(1)
    .getByRole("button", { name: /^Remove lesson “/ })
    .last()
    .click();
  await page
    .getByTestId("outline-module")
    .nth(1)
    .getByRole("button", { name: /^Move module “.*” up$/ })
    .click();
  await expect(page.getByText("All changes saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Module 2 title")).toHaveValue("Clay basics");
  await expect(page.getByTestId("outline-lesson")).toHaveCount(5);

  // Rewrite one lesson with a note: it is busy, then replaced.
  await page
    .getByTestId("outline-module")
    .nth(1)
    .getByRole("button", { name: /^Rewrite lesson “/ })
    .first()
    .click();
  await page.getByPlaceholder(/What should change/).fill("More hands-on, please");
  await page.getByRole("button", { name: "Rewrite", exact: true }).click();
  await expect(page.getByLabel("Lesson 2.1 title")).toHaveValue(/\(revised\)$/, { timeout: 20_000 });
  await expect(page.getByTestId("approve-estimate")).toContainText(/about \d+ credits/);
  await page.screenshot({ path: "test-results/screens/ai-outline.png", fullPage: true });

  // Approve: every piece is written with its progress, then the draft is ready.
  await page.getByRole("button", { name: "Approve and write the course" }).click();
  await expect(page.getByRole("progressbar", { name: "Course generation" })).toBeVisible();
  await expect(page.getByTestId("generation-status")).toHaveText("Draft ready", { timeout: 90_000 });
  await expect(page.getByTestId("pieces-count")).toHaveText("9 of 9 written");
  await expect(page.getByTestId("piece").and(page.locator('[data-status="done"]'))).toHaveCount(9);
  await page.screenshot({ path: "test-results/screens/ai-done.png", fullPage: true });

  // The draft in the builder: five lessons and two quizzes, a cover, not published.
  await page.getByRole("link", { name: "Open in the builder" }).click();
  await expect(page).toHaveURL(/\/acme\/courses\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("outline-lesson")).toHaveCount(7);
  await expect(page.getByTestId("outline-lesson").filter({ hasText: "Quiz: Clay basics" })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();

  // The credit history: two holds for this run (the brief, then the approved course), each settled by a
  // capture and a release that add up to it; the rewrite's hold too.
  await page.goto(url("app", "/acme/settings/billing"));
  const rows = page.getByTestId("ledger-row").filter({ hasText: topic });
  await expect(rows.filter({ hasText: /^[^·]*hold/ }).first()).toBeVisible();
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim())));
  const kinds = cells.map((c) => c[1]!.split(" · ")[0]);
  expect(kinds.filter((k) => k === "hold")).toHaveLength(2);
  expect(kinds.filter((k) => k === "capture")).toHaveLength(2);
  expect(kinds.filter((k) => k === "release")).toHaveLength(2);
  const held = cells.reduce((n, c) => n + Number(c[3]), 0);
  expect(held).toBe(0); // everything held for this run was captured or released
  const captured = cells.filter((c) => c[1]!.startsWith("capture")).reduce((n, c) => n - Number(c[3]), 0);
  expect(captured).toBeGreaterThan(0);

  // Another school's owner and a student get nothing from this run.
  const beta = await page.context().browser()!.newContext();
  const betaPage = await beta.newPage();
  await signInUi(betaPage, url("app"), "owner@beta.test");
  const asBeta = await betaPage.goto(runUrl);
  expect(asBeta!.status()).toBe(404);
  const asBetaOwnSchool = await betaPage.goto(runUrl.replace("/acme/", "/beta/"));
  expect(asBetaOwnSchool!.status()).toBe(404);
  const events = `${runUrl.replace("/acme/courses/generate/", "/api/ai/generations/")}/events`;
  await betaPage.goto(url("app", "/beta"));
  expect(await betaPage.evaluate(async (u) => (await fetch(`${u}?org=acme`)).status, events)).toBe(404);
  expect(await betaPage.evaluate(async (u) => (await fetch(`${u}?org=beta`)).status, events)).toBe(404);
  await beta.close();
});
