import { updateTag } from "next/cache";
import { getCourse } from "@/db/queries/courses";
import type { TenantScope } from "@/db/scope";
import { tenantTag } from "@/lib/tenant/tags";

/**
 * After a content save: expire what the school's course pages read (tag `tenant:<id>:courses`) and
 * nothing else — not the host look-ups, not the branding. Called from server actions (read-your-own-writes).
 */
export function revalidateCourses(scope: TenantScope): void {
  updateTag(tenantTag(scope.creatorId, "courses"));
}

/** The same, only when the edited course is on the site (a draft's edits show nowhere public). */
export async function revalidateCoursesIfLive(scope: TenantScope, courseId: string): Promise<void> {
  const c = await getCourse(scope, courseId);
  if (c?.status === "published") revalidateCourses(scope);
}
