import { PORTAL_SEGMENTS } from "@/lib/tenant/host";
import { siteOrigin } from "@/lib/site/seo";
import { getSite } from "@/lib/tenant/resolve";

// Rendered per request from the cached catalogue (getSiteCourses), never prerendered for an unknown school.
export const dynamic = "force-dynamic";

/**
 * A school's robots.txt: the public site is crawlable; the student area (every portal segment: the player,
 * library, account, checkout, sign-in…) is not; the sitemap is on the canonical host.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string }> }): Promise<Response> {
  const site = await getSite((await params).site);
  if (!site) return new Response("Not found", { status: 404 });
  const origin = siteOrigin(site);
  const body = [
    "User-agent: *",
    "Allow: /",
    ...PORTAL_SEGMENTS.map((s) => `Disallow: /${s}`),
    "Disallow: /api/",
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=3600" } });
}
