import { tenantUrl } from "@/lib/env";

/**
 * An image address a mail can use: an image uploaded to the school (`/api/media/<id>`, relative on its site)
 * becomes absolute on the school's subdomain; an https address stays as it is.
 */
export function emailImageUrl(slug: string, url: string | null | undefined): string | null {
  if (!url) return null;
  return url.startsWith("/api/media/") ? tenantUrl(slug, url) : url;
}
