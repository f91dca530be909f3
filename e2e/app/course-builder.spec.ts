import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInUi, unique, url } from "../support";

/**
 * The creator's main workspace, end to end: a course with two modules and three lessons, a lesson
 * dragged across modules (mouse) and a module moved with the keyboard, text with a heading and a
 * link, a quiz, publishing, and "Preview as student". Screenshots at desktop and mobile widths.
 */
const lessonRow = (page: Page, title: string) => page.getByTestId("outline-lesson").filter({ hasText: title });
const moduleBox = (page: Page, title: string) => page.getByTestId("outline-module").filter({ hasText: title });

/** Drag by the handle and drop on the upper part of `target` (so it lands before it). */
async function dragTo(page: Page, handle: Locator, target: Locator) {
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 12, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 4, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, to.y + 3, { steps: 4 });
  await page.mouse.up();
}

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/**
 * Open "Preview as student" (a new tab) at the link's address. Going there directly rather than
 * clicking: a toast sliding in over the header can swallow the click.
 */
async function openPreview(page: Page) {
  const href = await page.getByRole("link", { name: "Preview as student" }).getAttribute("href");
  const preview = await page.context().newPage();
  await preview.goto(new URL(href!, page.url()).toString());
  return preview;
}

/** The outline has no move being saved. */
const idle = (page: Page) => expect(page.getByRole("navigation", { name: "Course outline" })).toHaveAttribute("aria-busy", "false");

/** Press a key during a keyboard drag and wait for dnd-kit's live region to announce the result. */
async function press(page: Page, key: string, announced: string | RegExp) {
  await page.keyboard.press(key);
  await expect(page.locator('[id^="DndLiveRegion"]')).toHaveText(announced);
}

/** Signed in as Acme's owner (desktop width): a new course with these modules, open in the builder. */
async function newCourse(page: Page, title: string, modules: string[]) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signInUi(page, url("app"), "owner@acme.test");
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("button", { name: "New course" }).click();
  await page.getByLabel("Course title").fill(title);
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByTestId("course-builder")).toBeVisible();
  for (const m of modules) {
    await page.getByRole("button", { name: "Add module" }).click();
    await page.getByLabel("Module title").fill(m);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(moduleBox(page, m)).toBeVisible();
  }
}

async function addLesson(page: Page, moduleTitle: string, title: string, type = "Text") {
  const mod = moduleBox(page, moduleTitle);
  await mod.getByRole("button", { name: "Add lesson" }).click();
  await mod.getByLabel("Lesson title").fill(title);
  await mod.getByLabel("Lesson type").selectOption({ label: type });
  await mod.getByRole("button", { name: "Add", exact: true }).click();
  await expect(lessonRow(page, title)).toBeVisible();
}

test("a creator builds, publishes and previews a course", async ({ page }) => {
  test.setTimeout(120_000);
  // Two modules, three lessons.
  const title = unique("Watercolor Foundations");
  await newCourse(page, title, ["Getting started", "Techniques"]);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await addLesson(page, "Getting started", "Welcome");
  await addLesson(page, "Getting started", "Materials");
  await addLesson(page, "Techniques", "Flat washes");

  // Drag "Materials" into "Techniques", above "Flat washes".
  await dragTo(page, lessonRow(page, "Materials").getByRole("button", { name: "Drag lesson: Materials" }), lessonRow(page, "Flat washes"));
  await expect(moduleBox(page, "Techniques").getByTestId("outline-lesson")).toHaveText([/Materials/, /Flat washes/]);
  await expect(moduleBox(page, "Getting started").getByTestId("outline-lesson")).toHaveText([/Welcome/]);

  // Keyboard: pick up "Techniques" and move it above "Getting started", following what a screen
  // reader hears after each key.
  await idle(page);
  await page.getByRole("button", { name: /Drag module 2: Techniques/ }).focus();
  await press(page, "Space", "Picked up module “Techniques”.");
  await press(page, "ArrowUp", "Module “Techniques” is over position 1 of 2.");
  await press(page, "Space", "Module “Techniques” was dropped at position 1 of 2.");
  await expect(page.getByTestId("outline-module").first()).toContainText("Techniques");
  await idle(page);

  // Both moves were saved: they survive a reload.
  await page.reload();
  await expect(page.getByTestId("outline-module").first()).toContainText("Techniques");
  await expect(moduleBox(page, "Techniques").getByTestId("outline-lesson")).toHaveText([/Materials/, /Flat washes/]);

  // Text with a heading and a link; autosave says Saving… then Saved.
  await lessonRow(page, "Welcome")
    .getByRole("button", { name: /^Welcome/ })
    .click();
  const editor = page.getByTestId("lesson-editor");
  await expect(editor).toBeVisible();
  // The editable area (TipTap's) takes keys only once it has the focus: type after that.
  const editable = editor;
  await expect(editable).toHaveAttribute("contenteditable", "true");
  await editable.click();
  await expect(editable).toBeFocused();
  await page.getByRole("button", { name: "Heading", exact: true }).click();
  await page.keyboard.type("Welcome aboard");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Start with the ");
  // Nothing selected: the link asks for the words it shows (an empty one is refused), not just the address.
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await page.getByLabel("Link address").fill("https://example.com/materials-guide");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Type the text the link shows.")).toBeVisible();
  await page.getByLabel("Link text").fill("materials guide");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(editable.getByRole("link", { name: "materials guide" })).toHaveAttribute("href", "https://example.com/materials-guide");
  await page.keyboard.type(" and take your time.");
  await expect(editable).toContainText("Welcome aboard");
  await expect(editable).toContainText("and take your time.");
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  await page.getByTestId("lesson-settings").getByRole("button", { name: "Publish lesson" }).click();
  await expect(page.getByTestId("lesson-status")).toHaveText("Published");

  // A quiz lesson with a true/false question.
  await addLesson(page, "Getting started", "Check-in", "Quiz");
  await expect(page.getByTestId("quiz-editor")).toBeVisible();
  await page.getByRole("button", { name: "True / false" }).click();
  await page.getByLabel("Question 1 prompt").fill("Cold-pressed paper has more texture than hot-pressed.");
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  await page.getByTestId("lesson-settings").getByRole("button", { name: "Publish lesson" }).click();
  await expect(page.getByTestId("lesson-status")).toHaveText("Published");

  await page.screenshot({ path: "test-results/screens/course-builder-quiz-desktop.png", fullPage: true });

  // Publish the course.
  await page.getByRole("button", { name: "Course settings" }).click();
  await page.getByTestId("course-settings").getByRole("button", { name: "Publish course" }).click();
  await expect(page.getByTestId("course-status")).toHaveText("Published");

  // A cover image, uploaded — and saved with the settings on its own, like everything typed there.
  const details = page.getByRole("form", { name: "Course details" });
  const coverChooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload cover" }).click();
  await (await coverChooser).setFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("cover-preview")).toHaveAttribute("src", /^\/api\/media\/[0-9a-f-]{36}$/);
  const coverSrc = await page.getByTestId("cover-preview").getAttribute("src");
  await expect(details.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  // Typing is never lost: a subtitle typed and then "Publish"/another lesson clicked straight away is saved first.
  await page.getByLabel("Subtitle").fill("Washes, glazes and the courage to leave white paper");
  await page
    .getByRole("button", { name: /^Welcome/ })
    .first()
    .click();
  await expect(page.getByTestId("lesson-settings")).toBeVisible();
  // The panel opened again is a new one, filled from the server: the subtitle there means the closing panel saved it.
  await page.getByRole("button", { name: "Course settings" }).click();
  await expect(page.getByLabel("Subtitle")).toHaveValue("Washes, glazes and the courage to leave white paper");
  await expect(page.getByRole("form", { name: "Course details" }).getByTestId("save-status")).toHaveText("Saved");
  await page.reload();
  await page.getByRole("button", { name: "Course settings" }).click();
  await expect(page.getByLabel("Subtitle")).toHaveValue("Washes, glazes and the courage to leave white paper");
  // A lesson's title too: typed, another panel opened at once, the page reloaded — it is kept.
  await lessonRow(page, "Materials")
    .getByRole("button", { name: /^Materials/ })
    .click();
  await page.getByTestId("lesson-settings").getByLabel("Title").fill("Materials list");
  await page.getByRole("button", { name: "Course settings" }).click();
  await expect(lessonRow(page, "Materials list")).toBeVisible();
  await page.reload();
  await expect(lessonRow(page, "Materials list")).toBeVisible();
  await page.getByRole("button", { name: "Course settings" }).click();
  // A slug another course uses is shown under the field; the rest keeps saving.
  await page.getByLabel("URL slug").fill("watercolor-foundations");
  await expect(details.getByText(/Another course already uses the address/)).toBeVisible();
  await page.getByLabel("URL slug").fill(unique("wc"));
  await expect(details.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  // The sales page's link-preview card draws the uploaded cover (a half-transparent green pixel) on its right.
  const slug = await page.getByLabel("URL slug").inputValue();
  const site = await page.context().newPage();
  await site.goto(url("acme", `/courses/${slug}`));
  const pixel = await site.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    return { size: [img.naturalWidth, img.naturalHeight], cover: [...ctx.getImageData(904, 315, 1, 1).data], corner: [...ctx.getImageData(20, 20, 1, 1).data] };
  }, `/courses/${slug}/card.png`);
  expect(pixel.size).toEqual([1200, 630]);
  const green = ([r, g, b]: number[]) => g! > r! + 60 && g! > b! + 80;
  expect(green(pixel.cover), `cover pixel ${pixel.cover}`).toBe(true); // green where the cover is…
  expect(green(pixel.corner), `corner pixel ${pixel.corner}`).toBe(false); // …the school's teal-to-orange elsewhere
  await site.close();

  // Preview as student.
  await lessonRow(page, "Welcome")
    .getByRole("button", { name: /^Welcome/ })
    .click();
  await expect(page.getByTestId("editor-title")).toHaveText("Welcome");
  await page.screenshot({ path: "test-results/screens/course-builder-desktop.png", fullPage: true });
  const preview = await openPreview(page);
  const html = preview.getByTestId("lesson-html");
  await expect(html.getByRole("heading", { level: 2, name: "Welcome aboard" })).toBeVisible();
  await expect(html.getByRole("link", { name: "materials guide" })).toHaveAttribute("href", "https://example.com/materials-guide");
  await preview.screenshot({ path: "test-results/screens/student-preview.png", fullPage: true });

  // Mobile: one panel at a time, switched by tabs.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("tab", { name: "Editor" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/course-builder-mobile-editor.png", fullPage: true });
  await page.getByRole("tab", { name: "Outline" }).click();
  await expect(page.getByTestId("outline")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/course-builder-mobile-outline.png", fullPage: true });

  // The courses list (search, status filter) and the student preview on a phone.
  await page.goto(url("app", "/acme/courses"));
  await page.getByRole("searchbox", { name: "Search courses" }).fill(title);
  await page.getByRole("searchbox", { name: "Search courses" }).press("Enter");
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  await page.getByLabel("Status").selectOption("draft");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No course matches.")).toBeVisible();
  await page.getByLabel("Status").selectOption("published");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/courses-list-mobile.png", fullPage: true });
  // The school's sales page shows the cover.
  const siteHref = await page.getByRole("link", { name: "View on site" }).first().getAttribute("href");
  await page.goto(siteHref!);
  const cover = page.getByRole("img", { name: `Cover of ${title}` });
  await expect(cover).toHaveAttribute("src", coverSrc!);
  await expect.poll(() => cover.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
  await preview.setViewportSize({ width: 390, height: 844 });
  await expect(preview.getByTestId("lesson-html")).toBeVisible();
  await preview.screenshot({ path: "test-results/screens/student-preview-mobile.png", fullPage: true });
});

test("a lesson changed in another tab is not overwritten silently", async ({ browser }) => {
  const ctx = await browser.newContext();
  const a = await ctx.newPage();
  await newCourse(a, unique("Two tabs"), ["M"]);
  await addLesson(a, "M", "Shared lesson");
  await expect(a.getByTestId("lesson-editor")).toBeVisible();
  const b = await ctx.newPage();
  await b.goto(a.url());
  await expect(b.getByTestId("lesson-editor")).toBeVisible();

  await a.getByTestId("lesson-editor").click();
  await a.keyboard.type("Written in tab A.");
  await expect(a.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });

  await b.getByTestId("lesson-editor").click();
  await b.keyboard.type("Written in tab B.");
  await expect(b.getByRole("alert").filter({ hasText: "changed elsewhere" })).toBeVisible({ timeout: 10_000 });
  await expect(b.getByTestId("save-status")).toHaveText("Not saved: changed elsewhere");
  await expect(b.getByTestId("lesson-editor")).toContainText("Written in tab B."); // nothing lost locally
  // Tab B chooses to keep its text.
  await b.getByRole("button", { name: "Keep mine and overwrite" }).click();
  await expect(b.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  await a.reload();
  await expect(a.getByTestId("lesson-editor")).toContainText("Written in tab B.");
});

test("an image uploaded in the editor is stored and shown to students", async ({ page }) => {
  await newCourse(page, unique("Images"), ["M"]);
  await addLesson(page, "M", "Palette");
  await page.getByTestId("lesson-editor").click();
  await page.keyboard.type("My palette:");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Image", exact: true }).click();
  await (await chooser).setFiles({ name: "palette.png", mimeType: "image/png", buffer: PNG });
  const img = page.getByTestId("lesson-editor").locator('img[src^="/api/media/"]');
  await expect(img).toHaveAttribute("alt", "palette");
  await expect(page.getByTestId("save-status")).toHaveText("Saved", { timeout: 10_000 });
  const src = await img.getAttribute("src");
  // The browser loaded it from storage (a 1×1 picture).
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
  // An SVG (could carry script) is refused with a clear message.
  const chooser2 = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Image", exact: true }).click();
  await (await chooser2).setFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)>") });
  await expect(page.getByText("Images must be PNG, JPEG, GIF, WebP or AVIF.")).toBeVisible();
  const lessonUrl = new URL(page.url());
  const preview = await openPreview(page);
  await expect(preview.getByTestId("lesson-html").locator(`img[src="${src}"]`)).toBeVisible();
  expect(lessonUrl.searchParams.get("lesson")).toBeTruthy();
});

test("the keyboard moves a lesson into another module (Space, arrows, Space)", async ({ page }) => {
  await newCourse(page, unique("Keyboard"), ["Module A", "Module B"]);
  await addLesson(page, "Module A", "Lesson a1");
  await addLesson(page, "Module A", "Lesson a2");
  await addLesson(page, "Module B", "Lesson b1");
  await idle(page);
  await page.getByRole("button", { name: "Drag lesson: Lesson a2" }).focus();
  await press(page, "Space", "Picked up lesson “Lesson a2”.");
  // The keyboard sensor steps to the nearest target below: Module B itself, or straight to the end of its
  // list, depending on where the rows sit; either way the lesson ends up last in Module B.
  await press(page, "ArrowDown", /^Lesson “Lesson a2” is (over module “Module B”|at position 2 of 2 in module “Module B”)\.$/);
  await press(page, "Space", "Lesson “Lesson a2” was dropped at position 2 of 2 in module “Module B”.");
  await idle(page);
  await expect(moduleBox(page, "Module B").getByTestId("outline-lesson")).toHaveText([/Lesson b1/, /Lesson a2/]);
  const reloaded = await page.reload();
  await expect(moduleBox(page, "Module A").getByTestId("outline-lesson")).toHaveText([/Lesson a1/]);
  await expect(moduleBox(page, "Module B").getByTestId("outline-lesson")).toHaveText([/Lesson b1/, /Lesson a2/]);
  // The drag handles' descriptions carry the outline's own stable id (dnd-kit numbers them per render otherwise,
  // and the server's numbers and the browser's differ: a hydration mismatch on every load).
  const described = await page.getByRole("button", { name: "Drag lesson: Lesson a1" }).getAttribute("aria-describedby");
  expect(described).toMatch(/^(DndDescribedBy-)?outline-[0-9a-f-]{36}$/);
  if (reloaded) expect(await reloaded.text()).not.toMatch(/aria-describedby="DndDescribedBy-\d+"/);
});

test("a download lesson: a file is attached, a refused type says why, and the student preview downloads it", async ({ page }) => {
  await newCourse(page, unique("Downloads"), ["M"]);
  await addLesson(page, "M", "Worksheets", "Download");
  const settings = page.getByTestId("lesson-settings");
  await settings
    .getByLabel("Upload a file")
    .setInputFiles({ name: "worksheet.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% a worksheet\n") });
  await expect(page.getByText("worksheet.pdf attached")).toBeVisible();
  await expect(settings.getByText("worksheet.pdf")).toBeVisible();
  await expect(settings.getByText("23 B")).toBeVisible();
  await settings.getByLabel("Upload a file").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ not really") });
  await expect(page.getByText(/This file type is not accepted\. Use one of: .*pdf/)).toBeVisible();
  await expect(settings.getByText("setup.exe")).toHaveCount(0);

  const preview = await openPreview(page);
  const [download] = await Promise.all([preview.waitForEvent("download"), preview.getByRole("link", { name: "worksheet.pdf" }).click()]);
  expect(download.suggestedFilename()).toBe("worksheet.pdf");
});
