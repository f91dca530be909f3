/**
 * Cache tags, keyed by tenant, from one place. Revalidate with these after a write.
 */
export const siteTag = (hostKey: string) => `site:${hostKey.toLowerCase()}`;
export const tenantTag = (creatorId: string, area: "courses" | "branding" | "team" | "site") => `tenant:${creatorId}:${area}`;
