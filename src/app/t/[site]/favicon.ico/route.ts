import { letterIcon } from "@/lib/site/favicon";
import { getSite } from "@/lib/tenant/resolve";

/**
 * /favicon.ico on a school's host: the favicon it set in Branding (an upload of its own, or an https image
 * address), else its initial in its brand colour. A host no school owns never gets here (the proxy answers 404).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string }> }): Promise<Response> {
  const site = await getSite((await params).site);
  if (!site) return new Response("Not found", { status: 404 });
  const own = site.branding.faviconUrl;
  if (own && (own.startsWith("/api/media/") || own.startsWith("https://"))) {
    return new Response(null, { status: 302, headers: { location: own, "cache-control": "public, max-age=3600" } });
  }
  return letterIcon({ letter: site.name, color: site.branding.primaryColor });
}
