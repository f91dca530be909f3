import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { rawGet, signInUi, unique, url } from "../support";

/**
 * A video lesson end to end on the embedded default: a creator uploads a 12 MB clip (two parts), the upload
 * is interrupted by a reload after the first part and resumed by choosing the same file (only the missing
 * part goes up again), processing shows its progress, and the lesson plays in Chromium. Then who is refused:
 * a visitor (no token, no playlist, no segment) and Beta's owner.
 */
const lessonRow = (page: Page, title: string) => page.getByTestId("outline-lesson").filter({ hasText: title });

/** 12 s of 720p testsrc2 + tone at a high bitrate: about 12 MB, two upload parts. */
function bigClip(): string {
  const file = path.join(os.tmpdir(), "cf-e2e-video-12s.mp4");
  if (fs.existsSync(file) && fs.statSync(file).size > 9 * 1024 * 1024) return file;
  execFileSync(process.env.FFMPEG_PATH ?? "ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=12", "-f", "lavfi", "-i", "sine=frequency=440:duration=12"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "8M", "-maxrate", "8M", "-bufsize", "16M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

test("a creator uploads a video (interrupted and resumed), watches it process, and it plays", async ({ page }) => {
  test.setTimeout(240_000);
  const clip = bigClip();
  const size = fs.statSync(clip).size;
  expect(size).toBeGreaterThan(8 * 1024 * 1024);
  await page.setViewportSize({ width: 1400, height: 900 });
  await signInUi(page, url("app"), "owner@acme.test");
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("button", { name: "New course" }).click();
  const title = unique("Video course");
  await page.getByLabel("Course title").fill(title);
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByRole("button", { name: "Add module" }).click();
  await page.getByLabel("Module title").fill("Start here");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const mod = page.getByTestId("outline-module").filter({ hasText: "Start here" });
  await mod.getByRole("button", { name: "Add lesson" }).click();
  await mod.getByLabel("Lesson title").fill("Welcome video");
  await mod.getByLabel("Lesson type").selectOption({ label: "Video" });
  await mod.getByRole("button", { name: "Add", exact: true }).click();
  await expect(lessonRow(page, "Welcome video")).toBeVisible();
  await expect(page.getByText("Add this lesson's video")).toBeVisible();
  await page.screenshot({ path: "test-results/video-empty.png" });

  // The first part goes up; the second is held, and the page is reloaded mid-upload.
  const parts: string[] = [];
  await page.route("**/api/storage/parts/**", async (route) => {
    const n = /\/parts\/[0-9a-f]+\/(\d+)/.exec(route.request().url())![1]!;
    parts.push(n);
    if (n === "2") return route.abort("connectionreset"); // the connection drops on part 2 (Uppy retries, in vain)
    await route.continue();
  });
  await page.getByTestId("video-file").setInputFiles(clip);
  await expect(page.getByTestId("video-upload")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Uploading video" })).toBeVisible();
  await expect.poll(() => parts.includes("2"), { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId("video-upload")).toContainText(/\d+% · [\d.]+ MB of [\d.]+ MB/);
  await page.screenshot({ path: "test-results/video-uploading.png" });

  await page.reload();
  await page.unroute("**/api/storage/parts/**");
  await expect(page.getByTestId("upload-unfinished")).toContainText("did not finish");
  const after: string[] = [];
  page.on("request", (r) => {
    const m = /\/api\/storage\/parts\/[0-9a-f]+\/(\d+)/.exec(r.url());
    if (m) after.push(m[1]!);
  });
  await page.getByTestId("video-file").setInputFiles(clip);

  // Processing shows its percent, then the player.
  await expect(page.getByTestId("video-processing")).toBeVisible({ timeout: 60_000 });
  expect(after).toEqual(["2"]); // part 1 was not sent again
  await expect(page.getByRole("progressbar", { name: "Processing video" })).toBeVisible();
  await page.screenshot({ path: "test-results/video-processing.png" });
  const player = page.getByTestId("video-player");
  await expect(player).toBeVisible({ timeout: 150_000 });
  const video = player.locator("hls-video");
  await video.evaluate((el: HTMLVideoElement) => {
    el.muted = true;
    return el.play();
  });
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime), { timeout: 30_000 }).toBeGreaterThan(1);
  await page.screenshot({ path: "test-results/video-playing.png" });

  // Its playlist is only for those the school lets watch.
  const src = (await video.evaluate((el: HTMLVideoElement) => el.getAttribute("src")))!;
  const id = /\/api\/video\/([0-9a-f-]{36})\//.exec(src)![1]!;
  const visitorToken = await rawGet(`acme.localhost:${new URL(page.url()).port}`, `/api/video/${id}/token`);
  expect(visitorToken.status).toBe(403); // a visitor (the lesson is not even published)
  const forged = `/api/video/${id}/zzzzzz.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
  expect((await rawGet(`acme.localhost:${new URL(page.url()).port}`, `${forged}/master.m3u8`)).status).toBe(403);
  expect((await rawGet(`acme.localhost:${new URL(page.url()).port}`, `${forged}/360p/seg_0000.ts`)).status).toBe(403);
  expect((await page.evaluate((u) => fetch(u).then((r) => r.status), src)).valueOf()).toBe(200); // the team's token works

  // Beta's owner cannot get at it from Beta's dashboard.
  const beta = await page.context().browser()!.newContext();
  const betaPage = await beta.newPage();
  await signInUi(betaPage, url("app"), "owner@beta.test");
  expect(await betaPage.evaluate((p) => fetch(p).then((r) => r.status), `/api/video/${id}/token`)).toBe(403);
  const builderUrl = new URL(page.url());
  const res = await betaPage.goto(url("app", `/beta/courses/${builderUrl.pathname.split("/").pop()}${builderUrl.search}`));
  expect(res?.status()).toBe(404);
  await beta.close();
});
