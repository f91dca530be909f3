import { expect, test } from "@playwright/test";
import { pngSize } from "../../src/lib/learning/png-size";
import { rawGet, unique, url } from "../support";

const HOST = "acme.localhost:3100";

test("a school's sitemap lists every published course and no draft; robots.txt keeps the student area out and names the sitemap", async () => {
  const sitemap = await rawGet(HOST, "/sitemap.xml");
  expect(sitemap.status).toBe(200);
  const locs = [...sitemap.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(locs).toEqual(
    expect.arrayContaining([`http://${HOST}/`, `http://${HOST}/courses/watercolor-foundations`, `http://${HOST}/courses/sketching-for-beginners`]),
  );
  expect(sitemap.body).not.toContain("advanced-composition");
  expect(sitemap.body).not.toContain("intro-to-python");
  const robots = await rawGet(HOST, "/robots.txt");
  expect(robots.body).toContain("Disallow: /learn");
  expect(robots.body).toContain("Disallow: /account");
  expect(robots.body).toContain(`Sitemap: http://${HOST}/sitemap.xml`);
});

test("a sales page carries its canonical URL, Open Graph and Twitter cards, a 1200×630 PNG preview and Course JSON-LD that parses", async ({ page }) => {
  await page.goto("/courses/watercolor-foundations");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `http://${HOST}/courses/watercolor-foundations`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /Watercolor Foundations/);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(ld).toMatchObject({ "@type": "Course", name: "Watercolor Foundations", provider: { name: "Acme Academy" } });
  expect(ld.offers[0]).toMatchObject({ price: "49.00", priceCurrency: "USD" });
  const og = await page.locator('meta[property="og:image"]').getAttribute("content");
  const image = await page.goto(og!);
  expect(image?.headers()["content-type"]).toBe("image/png");
  expect(pngSize(new Uint8Array(await image!.body()))).toEqual({ width: 1200, height: 630 });
});

test("an address that names nothing gets the school's own 404 page, with the way back", async ({ page }) => {
  const res = await page.goto(`/no-such-page-${unique("x")}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Acme Academy" })).toBeVisible();
  await page.getByRole("link", { name: "See all courses" }).click();
  await expect(page).toHaveURL(url("acme", "/"));
});
