import { and, eq } from "drizzle-orm";
import { getDb } from "../client";
import { courses } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import type { SalesPage } from "@/lib/courses/sales-page";
import { writeAudit } from "./audit";
import { lockCourse } from "./courses";

/**
 * Save a course's sales-page sections. It shares the course's version with the settings form, so a save
 * made elsewhere since the editor opened is refused rather than overwritten.
 */
export async function updateSalesPage(scope: TenantScope, change: { actorUserId: string; courseId: string; salesPage: SalesPage; expectedVersion: number }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await lockCourse(tx, scope, change.courseId);
    if (c.version !== change.expectedVersion) {
      throw new DomainError(
        "conflict",
        "This course was changed elsewhere since you opened the sales page. Copy your changes, then reload to see the latest version.",
        { details: { kind: "version_conflict", currentVersion: c.version } },
      );
    }
    const [row] = await tx
      .update(courses)
      .set({ salesPage: change.salesPage as unknown as Record<string, unknown>, version: c.version + 1, updatedAt: new Date() })
      .where(and(eq(courses.id, change.courseId), eq(courses.creatorId, scope.creatorId)))
      .returning({ version: courses.version, status: courses.status, slug: courses.slug });
    await writeAudit(tx, scope, { actorUserId: change.actorUserId, action: "course.sales_page_updated", targetType: "course", targetId: change.courseId });
    return row!;
  });
}
