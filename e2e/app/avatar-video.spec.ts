import { expect, test, type Page } from "@playwright/test";
import { startFakeHeygen } from "../../test/fake-heygen";
import { PORT, signInUi, url } from "../support";

/**
 * An avatar video lesson end to end against a fake HeyGen at the wire (test/fake-heygen.ts on the port
 * scripts/e2e-server.sh names): a creator picks a presenter and voice, writes the script in two scenes,
 * sees the estimate and renders; HeyGen's signed webhooks come back to the app; the builder follows the
 * render to the end; the student plays the lesson with its captions; the credit history shows the hold and
 * what was taken. Then who is refused: Beta's owner and a signed-out visitor.
 */
let fake: Awaited<ReturnType<typeof startFakeHeygen>>;
test.beforeAll(async () => {
  fake = await startFakeHeygen({
    apiKey: "e2e-heygen-key",
    webhookSecret: "e2e-heygen-webhook-secret",
    deliver: { url: `http://127.0.0.1:${PORT}/api/webhooks/heygen`, host: `app.localhost:${PORT}` },
    port: 5392,
  });
});
test.afterAll(() => fake?.close());

async function openLesson(page: Page, course: string, lesson: string) {
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("link", { name: course }).first().click();
  await page.getByTestId("outline-lesson").filter({ hasText: lesson }).first().click();
  await expect(page.getByTestId("editor-title")).toHaveText(lesson);
}

test("a creator makes an avatar video for a lesson; the student plays it with captions; credits show the hold and the capture", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await signInUi(page, url("app"), "owner@acme.test");
  await openLesson(page, "Watercolor Foundations", "Layering and glazing");
  await page.getByRole("link", { name: "Create avatar video" }).click();
  await expect(page.getByRole("heading", { name: "Create avatar video" })).toBeVisible();

  await page.getByText("Tyler in Casual Suit").click();
  await page.getByLabel(/Paul - Natural/).check();
  await page
    .getByRole("textbox", { name: "Scene 1", exact: true })
    .fill("Glazing builds depth. Each layer is thin and transparent, and it must dry before the next one goes on.");
  await page.getByRole("button", { name: "Add a scene" }).click();
  await page.getByRole("textbox", { name: "Scene 2", exact: true }).fill("Try three glazes of the same blue over a dry wash, and watch the colour deepen.");
  await expect(page.getByTestId("avatar-estimate")).toContainText(/Rendering costs about \d+ credits/);
  await page.screenshot({ path: "test-results/screens/avatar-form.png", fullPage: true });

  // Reloading keeps what was typed.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Scene 2", exact: true })).toHaveValue(/three glazes/);

  await page.getByRole("button", { name: "Render the video" }).click();
  await expect(page.getByTestId("avatar-render")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Render progress" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/avatar-rendering.png", fullPage: true });
  await expect(page.getByTestId("avatar-render")).toContainText("In the lesson", { timeout: 120_000 });
  await expect(page.getByTestId("avatar-render")).toContainText(/\d+ credits used/);
  await page.screenshot({ path: "test-results/screens/avatar-ready.png", fullPage: true });
  expect(fake.generateRequests()).toHaveLength(2);

  // The credit history: held for the render, then what it took.
  await page.goto(url("app", "/acme/settings/billing"));
  const rows = page.getByTestId("ledger-row").filter({ hasText: "Avatar video: Layering and glazing" });
  await expect(rows.filter({ hasText: /hold/i }).first()).toBeVisible();
  await expect(rows.filter({ hasText: /captur|used|settle/i }).first()).toBeVisible();

  // The student plays it, with the script as captions.
  const student = await browser.newPage();
  await signInUi(student, url("acme").replace(/\/$/, ""), "student@acme.test");
  await student.goto(url("acme", "/learn/watercolor-foundations"));
  await student
    .getByRole("link", { name: /Layering and glazing/ })
    .first()
    .click();
  const video = student.locator("video").first();
  await expect(video).toBeVisible({ timeout: 20_000 });
  const track = student.locator('track[kind="captions"]').first();
  await expect(track).toHaveAttribute("label", "English");
  const vtt = await student.evaluate(async (src) => (await fetch(src)).text(), (await track.getAttribute("src"))!);
  expect(vtt).toContain("Glazing builds depth.");
  await expect.poll(async () => video.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? v.duration : 0)), { timeout: 30_000 }).toBeGreaterThan(10);
  await student.close();
});

test("unauthorized: another school's owner and a signed-out visitor cannot open a school's avatar video page", async ({ page, browser }) => {
  await signInUi(page, url("app"), "owner@acme.test");
  await openLesson(page, "Watercolor Foundations", "Wet on wet");
  await page.getByRole("link", { name: "Create avatar video" }).click();
  await expect(page.getByRole("heading", { name: "Create avatar video" })).toBeVisible();
  const address = new URL(page.url()).pathname;
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(url("app", address));
  await expect(visitor).toHaveURL(/sign-in/);
  const beta = await (await browser.newContext()).newPage();
  await signInUi(beta, url("app"), "owner@beta.test");
  expect((await beta.goto(url("app", address.replace("/acme/", "/beta/"))))?.status()).toBe(404);
  expect((await beta.goto(url("app", address)))?.status()).toBe(404);
});
