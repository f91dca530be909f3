/**
 * Cache tags, keyed by tenant, from one place. Revalidate with these after a write.
 */
/** A host's site look-up, by its site segment (siteSegment: `acme` or `~learn.example.com`). */
export const siteTag = (segment: string) => `site:${segment.toLowerCase()}`;
export const tenantTag = (creatorId: string, area: "courses" | "branding" | "team" | "site") => `tenant:${creatorId}:${area}`;
