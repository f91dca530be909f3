import { updateTag } from "next/cache";
import { listTenantSiteKeys } from "@/db/queries/tenants";
import type { TenantScope } from "@/db/scope";
import { siteSegment } from "./host";
import { siteTag, tenantTag } from "./tags";

/**
 * After a change that shows on the tenant's public site (name, branding, slug, domains,
 * published courses): expire its cached pages and look-ups on every host it answers on.
 * Called from server actions (read-your-own-writes with updateTag).
 */
export async function revalidateTenantSite(scope: TenantScope, areas: ("courses" | "branding")[] = []) {
  for (const key of await listTenantSiteKeys(scope)) updateTag(siteTag(siteSegment(key)));
  updateTag(tenantTag(scope.creatorId, "site"));
  for (const a of areas) updateTag(tenantTag(scope.creatorId, a));
}
