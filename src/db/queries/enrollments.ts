import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../client";
import { courses, enrollments, offerCourses, orders } from "../schema";
import type { TenantScope } from "../scope";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import { offersOf } from "./orders";
import { recordFact } from "./outbox";

/**
 * Enrolments: a student's access to a course, from an order, a free offer or the creator's hand. One row
 * per student and course; access that ends is revoked (kept for history), and given again by a new order.
 */
export type Enrollment = typeof enrollments.$inferSelect;

/**
 * Give the buyer of a paid order every course of its offer (and bump). Idempotent: run twice, nothing
 * changes the second time; an enrolment revoked earlier is made active again for this order. Records
 * `learning/enrollment.created` for each course the student did not have.
 */
export async function enrollForOrder(scope: TenantScope, orderId: string): Promise<{ enrolled: string[] }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.creatorId, scope.creatorId)))
      .for("update");
    if (!o) throw new DomainError("not_found", "Order not found");
    if (o.status !== "paid" || !o.userId) return { enrolled: [] };
    const grants = await tx
      .selectDistinct({ courseId: offerCourses.courseId })
      .from(offerCourses)
      .innerJoin(courses, and(eq(courses.id, offerCourses.courseId), eq(courses.creatorId, scope.creatorId)))
      .where(and(eq(offerCourses.creatorId, scope.creatorId), inArray(offerCourses.offerId, offersOf(o))));
    const enrolled: string[] = [];
    for (const { courseId } of grants) {
      const [row] = await tx
        .insert(enrollments)
        .values({ creatorId: scope.creatorId, userId: o.userId, courseId, source: "order", orderId: o.id })
        .onConflictDoUpdate({
          target: [enrollments.creatorId, enrollments.userId, enrollments.courseId],
          set: { status: "active", revokedAt: null, orderId: o.id, source: "order" },
          setWhere: sql`${enrollments.status} = 'revoked'`,
        })
        .returning({ id: enrollments.id });
      if (!row) continue; // already active (an earlier order, a free offer, the creator): nothing to do
      enrolled.push(courseId);
      await recordFact(tx, {
        name: "learning/enrollment.created",
        data: { creatorId: scope.creatorId, enrollmentId: row.id, courseId, studentUserId: o.userId },
      });
    }
    if (!o.fulfilledAt) {
      await tx
        .update(orders)
        .set({ fulfilledAt: new Date() })
        .where(and(eq(orders.id, o.id), eq(orders.creatorId, scope.creatorId)));
      await writeAudit(tx, scope, { actorUserId: null, action: "order.fulfilled", targetType: "order", targetId: o.id, data: { courses: enrolled.length } });
    }
    return { enrolled };
  });
}

/** Take back the access an order gave (refunded in full): only the enrolments that came from it. */
export async function revokeForOrder(scope: TenantScope, orderId: string): Promise<{ revoked: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(enrollments)
      .set({ status: "revoked", revokedAt: new Date() })
      .where(and(eq(enrollments.creatorId, scope.creatorId), eq(enrollments.orderId, orderId), eq(enrollments.status, "active")))
      .returning({ id: enrollments.id });
    if (rows.length)
      await writeAudit(tx, scope, {
        actorUserId: null,
        action: "order.access_revoked",
        targetType: "order",
        targetId: orderId,
        data: { enrollments: rows.length },
      });
    return { revoked: rows.length };
  });
}

/** A student's active enrolment in a course, if any. */
export async function findActiveEnrollment(scope: TenantScope, access: { userId: string; courseId: string }) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.creatorId, scope.creatorId),
        eq(enrollments.userId, access.userId),
        eq(enrollments.courseId, access.courseId),
        eq(enrollments.status, "active"),
      ),
    );
  return row ?? null;
}

/** Whether a student has an active enrolment in the school's course with this address (a sales page's "Continue the course"). */
export async function enrolledInCourse(scope: TenantScope, access: { userId: string; courseSlug: string }): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: enrollments.id })
    .from(enrollments)
    .innerJoin(courses, and(eq(courses.id, enrollments.courseId), eq(courses.creatorId, scope.creatorId)))
    .where(
      and(
        eq(enrollments.creatorId, scope.creatorId),
        eq(enrollments.userId, access.userId),
        eq(enrollments.status, "active"),
        eq(courses.slug, access.courseSlug),
      ),
    )
    .limit(1);
  return !!row;
}

/** The creator enrolls a student by hand (idempotent; a revoked enrolment is made active again). */
export async function enrollManually(scope: TenantScope, e: { actorUserId: string; userId: string; courseId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [course] = await tx
      .select({ id: courses.id })
      .from(courses)
      .where(and(eq(courses.id, e.courseId), eq(courses.creatorId, scope.creatorId)));
    if (!course) throw new DomainError("not_found", "Course not found");
    const [row] = await tx
      .insert(enrollments)
      .values({ creatorId: scope.creatorId, userId: e.userId, courseId: e.courseId, source: "manual" })
      .onConflictDoUpdate({
        target: [enrollments.creatorId, enrollments.userId, enrollments.courseId],
        set: { status: "active", revokedAt: null, source: "manual", orderId: null },
        setWhere: sql`${enrollments.status} = 'revoked'`,
      })
      .returning({ id: enrollments.id });
    if (!row) return { enrolled: false };
    await writeAudit(tx, scope, {
      actorUserId: e.actorUserId,
      action: "enrollment.manual",
      targetType: "enrollment",
      targetId: row.id,
      data: { courseId: e.courseId, userId: e.userId },
    });
    await recordFact(tx, {
      name: "learning/enrollment.created",
      data: { creatorId: scope.creatorId, enrollmentId: row.id, courseId: e.courseId, studentUserId: e.userId },
    });
    return { enrolled: true };
  });
}

/** The creator ends a student's access to a course, whatever gave it. */
export async function unenroll(scope: TenantScope, e: { actorUserId: string; userId: string; courseId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(enrollments)
      .set({ status: "revoked", revokedAt: new Date() })
      .where(
        and(
          eq(enrollments.creatorId, scope.creatorId),
          eq(enrollments.userId, e.userId),
          eq(enrollments.courseId, e.courseId),
          eq(enrollments.status, "active"),
        ),
      )
      .returning({ id: enrollments.id });
    if (!row) throw new DomainError("not_found", "This student is not enrolled in that course.");
    await writeAudit(tx, scope, {
      actorUserId: e.actorUserId,
      action: "enrollment.revoked",
      targetType: "enrollment",
      targetId: row.id,
      data: { courseId: e.courseId, userId: e.userId },
    });
    return { revoked: true };
  });
}

/** Whether the student already has every course an offer gives (buying it again would add nothing). */
export async function ownsEveryCourseOf(scope: TenantScope, of: { userId: string; offerId: string }): Promise<boolean> {
  const db = await getDb();
  const r = await db.execute<{ missing: number; total: number }>(sql`
    select count(*) filter (where e.id is null)::int as missing, count(*)::int as total
    from ${offerCourses} oc
    left join ${enrollments} e on e.creator_id = ${scope.creatorId} and e.course_id = oc.course_id and e.user_id = ${of.userId} and e.status = 'active'
    where oc.creator_id = ${scope.creatorId} and oc.offer_id = ${of.offerId}`);
  const row = r.rows[0];
  return !!row && Number(row.total) > 0 && Number(row.missing) === 0;
}
