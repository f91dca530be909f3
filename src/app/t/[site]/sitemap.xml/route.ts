import { getSiteCourses } from "@/lib/site/data";
import { siteOrigin } from "@/lib/site/seo";
import { getSite } from "@/lib/tenant/resolve";

// Rendered per request from the cached catalogue (getSiteCourses), never prerendered for an unknown school.
export const dynamic = "force-dynamic";

/** A school's sitemap: its home and every published course's sales page, on its canonical host. Drafts never appear. */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string }> }): Promise<Response> {
  const site = await getSite((await params).site);
  if (!site) return new Response("Not found", { status: 404 });
  const origin = siteOrigin(site);
  const courses = await getSiteCourses(site);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const urls = [`${origin}/`, ...courses.map((c) => `${origin}/courses/${encodeURIComponent(c.slug)}`)];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${esc(u)}</loc></url>`).join("\n")}
</urlset>
`;
  return new Response(body, { headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=3600" } });
}
