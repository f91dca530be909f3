import { eq } from "drizzle-orm";
import { chromium, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { createLesson } from "@/db/queries/lessons";
import { createModule } from "@/db/queries/modules";
import { createCourse } from "@/db/queries/courses";
import { findUserByEmail } from "@/db/queries/users";
import { creators, lessons } from "@/db/schema";
import { systemScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { chromiumArgs, chromiumPath } from "../../../test/chromium";
import { XSS_DOC_VECTORS, XSS_HTML_VECTORS } from "../../../test/fixtures/xss-vectors";
import { signIn } from "../../../test/helpers";
import { htmlToRichText } from "./render";
import { sanitizeRichHtml } from "./sanitize";

/**
 * The XSS corpus goes through the editor's save path — HTML read into a lesson document the way the
 * editor reads a paste, or a tampered JSON document — via the real autosave action; the HTML that
 * lands in the database is then opened in Chromium, every element hovered, focused and clicked.
 * Nothing may run.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));
const { saveLessonAction } = await import("@/actions/courses/save-lesson");

let browser: Browser;
let lessonId = "";
let version = 1;

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  const owner = (await findUserByEmail("owner@acme.test"))!;
  const scope = systemScope(acme!.id);
  const c = await createCourse(scope, owner.id, { title: "XSS", slug: "xss-corpus" });
  const m = await createModule(scope, { actorUserId: owner.id, courseId: c.id, title: "M" });
  lessonId = (await createLesson(scope, { actorUserId: owner.id, moduleId: m.id, title: "L", type: "text" })).id;
  requestHeaders = new Headers({ host: "app.localhost:3000", cookie: await signIn("app.localhost:3000", "owner@acme.test") });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Save through the action; returns the stored student HTML (or null if the save was refused). */
async function saveThroughEditor(doc: Record<string, unknown>): Promise<string | null> {
  const r = await saveLessonAction({ org: "acme", lessonId, version, body: { kind: "doc", doc: doc as never } });
  if (!r.ok) {
    expect(r.code).toBe("invalid"); // a refused document is fine; anything else is a bug
    return null;
  }
  version = r.data.version;
  const db = await getDb();
  const [row] = await db.select({ html: lessons.contentHtml }).from(lessons).where(eq(lessons.id, lessonId));
  return row!.html ?? "";
}

/**
 * Open the HTML as a student page would show it, poke every element, and report what ran plus any
 * dangerous markup left in the DOM (event-handler attributes, script-capable elements or URLs).
 */
let page: Page | undefined;
const hits: string[] = [];
async function runInChromium(html: string): Promise<string[]> {
  if (!page) {
    page = await browser.newPage();
    page.on("dialog", (d) => {
      hits.push(`dialog:${d.message()}`);
      void d.dismiss();
    });
    page.on("popup", (p) => {
      hits.push(`popup:${p.url()}`);
      void p.close();
    });
    // No network: nothing external loads (a script src would otherwise be fetched).
    await page.route("**/*", (route) => route.abort());
  }
  hits.length = 0;
  const trap = `<script>window.__hits=[];window.__xss=function(n){window.__hits.push("__xss("+n+")")};window.alert=window.confirm=window.prompt=function(n){window.__hits.push("alert("+n+")")};</script>`;
  await page.setContent(`<!doctype html><html><head>${trap}</head><body><main id="lesson">${html}</main></body></html>`, { waitUntil: "load" });
  const found = await page.evaluate(async () => {
    const bad: string[] = [];
    const all = Array.from(document.querySelectorAll("#lesson *")) as HTMLElement[];
    for (const el of all) {
      if (/^(script|object|embed|form|style|base|meta|link|svg|math|template|frame|frameset)$/i.test(el.tagName))
        bad.push(`element <${el.tagName.toLowerCase()}>`);
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) bad.push(`attribute ${attr.name}`);
        if (
          /^(href|src|action|formaction|xlink:href|background|srcdoc|style)$/i.test(attr.name) &&
          /^\s*(javascript|vbscript|data):|expression\(/i.test(attr.value)
        )
          bad.push(`${attr.name}=${attr.value}`);
        if (/^(srcdoc|style)$/i.test(attr.name)) bad.push(`attribute ${attr.name}`);
      }
      for (const type of ["mouseover", "mouseenter", "focus", "click", "animationstart", "toggle"]) el.dispatchEvent(new Event(type, { bubbles: true }));
      el.focus?.();
    }
    await new Promise((r) => setTimeout(r, 60));
    return [...bad, ...((window as unknown as { __hits: string[] }).__hits ?? [])];
  });
  return [...found, ...hits];
}

describe("lesson HTML shown to students is inert", () => {
  it(`${XSS_HTML_VECTORS.length} pasted HTML vectors: none runs after the save path`, async () => {
    expect(XSS_HTML_VECTORS.length).toBeGreaterThanOrEqual(50);
    const failures: string[] = [];
    let rendered = 0;
    for (const vector of XSS_HTML_VECTORS) {
      const html = await saveThroughEditor(htmlToRichText(vector) as Record<string, unknown>);
      if (html === null) continue;
      rendered++;
      const hits = await runInChromium(html);
      if (hits.length) failures.push(`${vector} → ${html} → ${hits.join(", ")}`);
    }
    expect(failures).toEqual([]);
    expect(rendered).toBe(XSS_HTML_VECTORS.length); // pastes are never refused: they are cleaned
  }, 120_000);

  it(`${XSS_DOC_VECTORS.length} tampered documents: refused or rendered inert`, async () => {
    const failures: string[] = [];
    for (const doc of XSS_DOC_VECTORS) {
      const html = await saveThroughEditor(doc);
      if (html === null) continue;
      const hits = await runInChromium(html);
      if (hits.length) failures.push(`${JSON.stringify(doc)} → ${html} → ${hits.join(", ")}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("the sanitizer alone also neutralizes every raw vector (defence in depth)", async () => {
    const failures: string[] = [];
    for (const vector of XSS_HTML_VECTORS) {
      const html = sanitizeRichHtml(vector);
      const hits = await runInChromium(html);
      if (hits.length) failures.push(`${vector} → ${html} → ${hits.join(", ")}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("the trap works: an unsanitized vector does run", async () => {
    expect(await runInChromium(`<img src=x onerror=__xss(1)>`)).toEqual(["attribute onerror", "__xss(1)"]);
    expect(await runInChromium(`<p onmouseover="__xss(2)">x</p>`)).toEqual(["attribute onmouseover", "__xss(2)"]);
    expect(await runInChromium(`<a href="javascript:__xss(3)">x</a>`)).toEqual(["href=javascript:__xss(3)"]);
  });

  it("legitimate content survives: headings, links, callouts, embeds, code", async () => {
    const html = await saveThroughEditor(
      htmlToRichText(
        `<h2>Title</h2><p><strong>b</strong> <em>i</em> <a href="https://example.com">link</a></p><ul><li>one</li></ul><div data-callout="warning"><p>careful</p></div><div data-embed="vimeo"><iframe src="https://player.vimeo.com/video/76979871"></iframe></div><pre><code class="language-ts">const a = 1</code></pre><img src="https://example.com/a.png" alt="A">`,
      ) as Record<string, unknown>,
    );
    expect(html).toContain("<h2>Title</h2>");
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.com">link</a>');
    expect(html).toContain('<div data-callout="warning" class="callout callout-warning"><p>careful</p></div>');
    expect(html).toContain('src="https://player.vimeo.com/video/76979871"');
    expect(html).toContain('<code class="language-ts">const a = 1</code>');
    expect(html).toContain('<img src="https://example.com/a.png" alt="A" />');
  });
});
