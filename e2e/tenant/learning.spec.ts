import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { addDays, format } from "date-fns";
import { PORT, rawGet, signInUi, unique, url } from "../support";

const COURSE = "sketching-for-beginners";

/** axe-core on the page as it is: no serious or critical violation. */
async function expectAccessible(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function signUp(page: Page, name: string): Promise<string> {
  const email = `${unique("learner")}@students.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(url("acme", "/library"));
  return email;
}

async function enrollFree(page: Page) {
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("list", { name: "Ways to join" }).getByRole("link", { name: "Enroll for free" }).click();
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await expect(page).toHaveURL(/\/library/);
  await expect(page.getByTestId("library-course").filter({ hasText: "Sketching for Beginners" })).toBeVisible();
}

test("a student takes a free course: reads, fails then passes the quiz, completes it, downloads the certificate, and its serial verifies", async ({ page }) => {
  const email = await signUp(page, "Lee Learner");
  await enrollFree(page);
  const card = page.getByTestId("library-course").filter({ hasText: "Sketching for Beginners" });
  await expect(card.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
  await expectAccessible(page, "library");
  await card.getByRole("link", { name: /Start course/ }).click();

  // The first lesson, beside the curriculum; Complete and continue opens the next.
  await expect(page.getByRole("heading", { level: 1, name: "Contour drawing" })).toBeVisible();
  await expect(page.getByTestId("lesson-html")).toContainText("Draw the edge, slowly.");
  await expectAccessible(page, "player");
  await page.screenshot({ path: "test-results/screens/player-desktop.png", fullPage: true });
  await page.getByRole("button", { name: "Complete and continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Negative space" })).toBeVisible();
  const nav = page.getByTestId("curriculum");
  await expect(nav.getByRole("link", { name: /Contour drawing/ }).getByLabel("Completed")).toBeVisible();
  await page.getByRole("button", { name: "Complete and continue" }).click();

  // The quiz: nothing of the answers is in the page; a wrong attempt says which questions were wrong.
  await expect(page.getByRole("heading", { level: 1, name: "Quick check" })).toBeVisible();
  expect(await page.content()).not.toMatch(/"accepted"|"correct"|"answer"/);
  const quiz = page.getByTestId("quiz");
  await quiz.getByLabel("The direction of the light").check();
  await quiz.getByLabel("False").check();
  await quiz.getByLabel("Your answer to question 3").fill("two");
  await quiz.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("quiz-result")).toContainText("Not passed yet — you scored 0% (0 of 3 correct).");
  await expect(quiz.getByText("Not correct")).toHaveCount(3);
  await page.screenshot({ path: "test-results/screens/player-quiz-failed.png", fullPage: true });
  await page.getByRole("button", { name: "Try again" }).click();
  await quiz.getByLabel("The edge of a shape").check();
  await quiz.getByLabel("True").check();
  await quiz.getByLabel("Your answer to question 3").fill(" One ");
  await quiz.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("quiz-result")).toContainText("Passed — you scored 100% (3 of 3 correct).");

  // The pass completed the course: the completion page offers the certificate.
  await page.getByRole("button", { name: "See your certificate" }).click();
  await expect(page.getByRole("heading", { name: "You completed Sketching for Beginners!" })).toBeVisible();
  await expectAccessible(page, "course complete");
  const download = page.waitForEvent("download");
  await page.getByTestId("certificate-download").click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`certificate-${COURSE}.pdf`);
  const bytes = await (await import("node:fs/promises")).readFile((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const serial = (await page.getByText(/^Serial /).textContent())!.match(/[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/)![0];

  // Anyone can check the serial on the school's site, typed in lower case without dashes too.
  await page.context().clearCookies();
  await page.goto("/verify");
  await page.getByLabel("Serial").fill(serial.toLowerCase().replace(/-/g, " "));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verify-genuine")).toContainText("Lee Learner completed Sketching for Beginners");
  await expectAccessible(page, "verification");
  await page.screenshot({ path: "test-results/screens/certificate-verified.png", fullPage: true });
  // Another school's site does not vouch for it, and a made-up serial is not genuine.
  await page.goto(url("beta", `/verify/${serial}`));
  await expect(page.getByTestId("verify-not-found")).toBeVisible();
  await page.goto(url("acme", "/verify/00000-00000-00000"));
  await expect(page.getByTestId("verify-not-found")).toBeVisible();

  // The completion email went out with the certificate link.
  await page.goto(url("app", `/dev/outbox?to=${encodeURIComponent(email)}`));
  await expect(page.getByRole("link", { name: /You completed Sketching for Beginners/ }).first()).toBeVisible({ timeout: 15_000 });
});

test("resume returns to the last lesson after signing out and in; at 390 px the curriculum folds away and the player stays usable", async ({ page }) => {
  const email = await signUp(page, "Robin Resume");
  await enrollFree(page);
  await page.goto(`/learn/${COURSE}`);
  await expect(page.getByRole("heading", { level: 1, name: "Contour drawing" })).toBeVisible();
  await page.getByRole("link", { name: "Next", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Negative space" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/learn"));
  await signInUi(page, url("acme").replace(/\/$/, ""), email, "a-good-password");
  await page.goto("/library");
  await page
    .getByTestId("library-course")
    .filter({ hasText: "Sketching for Beginners" })
    .getByRole("link", { name: /Start course|Continue/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Negative space" })).toBeVisible();

  // On a phone: the curriculum is folded behind "Course content", the lesson and its buttons fit the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("curriculum")).toBeHidden();
  await page.getByText("Course content").click();
  await expect(page.getByTestId("curriculum-toggle").getByRole("link", { name: /Contour drawing/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Complete and continue" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/player-mobile.png", fullPage: true });
  await page
    .getByTestId("curriculum-toggle")
    .getByRole("link", { name: /Quick check/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Quick check" })).toBeVisible();
});

test("a drip-locked lesson shows the day it opens and keeps its content back; an un-enrolled student sees only free previews; a visitor sees the ways to join", async ({
  browser,
  page,
}) => {
  // The owner drips "Negative space" 10 days after enrolment.
  const owner = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await signInUi(owner, url("app").replace(/\/$/, ""), "owner@acme.test");
  await owner.goto(url("app", "/acme/courses"));
  await owner.getByRole("link", { name: "Sketching for Beginners", exact: true }).click();
  await owner.getByRole("button", { name: /^Negative space/ }).click();
  const settings = owner.getByTestId("lesson-settings");
  await settings.getByLabel("Drip schedule").selectOption("days");
  await settings.getByLabel("Days after enrolling").fill("10");
  // Saved on its own shortly after the change (no button to forget).
  await expect(owner.getByText("Drip saved")).toBeVisible();

  try {
    // A visitor plays the free preview in place on the sales page, without an account; its frame loads only when opened.
    const previewLoads: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/preview/")) previewLoads.push(r.url());
    });
    await page.goto(`/courses/${COURSE}`);
    await page.waitForLoadState("load");
    expect(previewLoads).toEqual([]);
    const row = page.getByTestId("free-preview").filter({ hasText: "Contour drawing" });
    await row.getByText("Contour drawing").click();
    const frame = page.frameLocator('iframe[title="Free preview: Contour drawing"]');
    await expect(frame.getByTestId("lesson-html")).toContainText("Draw the edge, slowly.");
    expect(previewLoads).toHaveLength(1);
    await expect(row.getByText("Close preview")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/sales-page-free-preview.png" });
    // …and from there, the course player.
    await frame.getByRole("link", { name: "Open in the course player" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contour drawing" })).toBeVisible();
    await expect(page.getByTestId("lesson-html")).toContainText("Draw the edge, slowly.");
    await signUp(page, "Dana Drip");
    // Not enrolled yet: the free preview opens, the next lesson asks to join.
    await page.goto(`/learn/${COURSE}`);
    await expect(page.getByRole("heading", { level: 1, name: "Contour drawing" })).toBeVisible();
    await expect(page.getByText("Free preview", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Next", exact: true }).click();
    await expect(page.getByTestId("lesson-locked")).toContainText("Enroll in this course to open this lesson.");
    await expect(page.getByTestId("lesson-html")).toHaveCount(0);
    const lessonUrl = page.url();
    // unauthorized: only a free preview plays in place — not a lesson that needs an enrolment, and not on another school.
    const lockedId = lessonUrl.split("/").pop()!;
    expect((await rawGet(`acme.localhost:${PORT}`, `/preview/${COURSE}/${lockedId}`)).status).toBe(404);
    const previewPath = new URL(previewLoads[0]!).pathname;
    expect((await rawGet(`acme.localhost:${PORT}`, previewPath)).status).toBe(200);
    expect((await rawGet(`beta.localhost:${PORT}`, previewPath)).status).toBe(404);

    await enrollFree(page);
    await page.goto(lessonUrl);
    const opens = format(addDays(new Date(), 10), "EEEE d MMMM yyyy");
    await expect(page.getByTestId("lesson-locked")).toContainText(`This lesson opens on ${opens}.`);
    await expect(page.getByTestId("lesson-html")).toHaveCount(0);
    await expect(page.getByText("Draw the spaces between things")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Complete/ })).toHaveCount(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId("curriculum")).toBeHidden();
    await page.getByText("Course content").click();
    await expect(
      page
        .getByTestId("curriculum-toggle")
        .getByRole("link", { name: /Negative space/ })
        .getByLabel("Locked"),
    ).toBeVisible();
    await page.screenshot({ path: "test-results/screens/player-mobile-locked.png", fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    // Signed out: a lesson that needs an enrolment shows the ways to join, and signing in comes back to it.
    await page.context().clearCookies();
    await page.goto(lessonUrl);
    await expect(page.getByTestId("lesson-locked")).toContainText("Enroll in this course to open this lesson.");
    await expect(page.getByRole("link", { name: "See ways to join" })).toHaveAttribute("href", "/courses/sketching-for-beginners");
    await page.getByRole("link", { name: "Already enrolled? Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Flearn%2Fsketching-for-beginners%2F/);
    // Its body is not in the response either.
    const raw = await rawGet("acme.localhost:3100", new URL(lessonUrl).pathname);
    expect(raw.body).not.toContain("Draw the spaces between things");
  } finally {
    await settings.getByLabel("Drip schedule").selectOption("none");
    await expect(owner.getByText("Drip saved").first()).toBeVisible();
    await expect(settings.getByTestId("drip-status")).toHaveText("");
  }
});

test("unauthorized: a Beta student cannot open an Acme lesson, file or certificate by URL", async ({ page }) => {
  // The demo student's lesson and certificate addresses, from Acme's own pages.
  await signInUi(page, url("acme").replace(/\/$/, ""), "student@acme.test");
  await page.goto("/learn/watercolor-foundations");
  const lessonPath = new URL(page.url()).pathname;
  expect(lessonPath).toMatch(/^\/learn\/watercolor-foundations\/[0-9a-f-]{36}$/);
  // On Beta's host the same paths name nothing of Acme's.
  await page.goto(url("beta", lessonPath));
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  const onBeta = await rawGet("beta.localhost:3100", lessonPath);
  expect(onBeta.body).not.toContain("Watercolor");
  // Beta's host has no session of Acme's student: its certificate address asks to sign in there, and serves no PDF.
  const cert = await rawGet("beta.localhost:3100", "/certificate/watercolor-foundations");
  expect(cert.status).toBe(303);
  // An Acme student without a certificate for a course gets none.
  await page.goto(url("acme", "/library"));
  const none = await page.evaluate(async (p) => (await fetch(p)).status, `/certificate/${COURSE}`);
  expect(none).toBe(404);
});
