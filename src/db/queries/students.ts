import { and, count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "../client";
import { certificates, courses, enrollments, lessonProgress, lessons, offers, orders, students, user } from "../schema";
import { DomainError } from "@/lib/errors";
import { writeAudit } from "./audit";
import type { TenantScope } from "../scope";

/** A school's students (the people who sign up on its site; enrolments are per course). */
/**
 * Make the user a student of this tenant (idempotent). Never refused for the plan's student limit: a
 * school over its limit keeps taking students (see noteNewStudent in src/lib/platform-billing/warnings.ts).
 * `created` is true only for the call that added the row.
 */
export async function ensureStudent(scope: TenantScope, userId: string): Promise<{ id: string; created: boolean }> {
  const db = await getDb();
  const [inserted] = await db
    .insert(students)
    .values({ creatorId: scope.creatorId, userId })
    .onConflictDoNothing({ target: [students.creatorId, students.userId] })
    .returning({ id: students.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return { id: existing!.id, created: false };
}

export async function findStudent(scope: TenantScope, userId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(students)
    .where(and(eq(students.creatorId, scope.creatorId), eq(students.userId, userId)));
  return row ?? null;
}

export async function countStudents(scope: TenantScope) {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(students).where(eq(students.creatorId, scope.creatorId));
  return r?.n ?? 0;
}

export type StudentFilter = {
  q?: string;
  courseId?: string;
  tag?: string;
  progress?: "not_started" | "in_progress" | "completed";
  activeWithinDays?: number;
  limit?: number;
  offset?: number;
};

/**
 * The school's students with what the list shows and filters on: courses enrolled in (active), progress
 * over those courses (completed lessons of all their published lessons), tags, last seen. Newest first.
 */
export async function listStudents(scope: TenantScope, filter: StudentFilter = {}) {
  const db = await getDb();
  const c = scope.creatorId;
  const like = filter.q ? `%${filter.q.replace(/[%_\\]/g, (x) => `\\${x}`)}%` : null;
  const rows = await db.execute<{
    id: string;
    user_id: string;
    name: string;
    email: string;
    status: "active" | "blocked";
    tags: string[];
    last_active_at: Date | string | null;
    created_at: Date | string;
    courses: number;
    done: number;
    total: number;
  }>(sql`
    with e as (
      select e.user_id, e.course_id from ${enrollments} e where e.creator_id = ${c} and e.status = 'active'
    ), totals as (
      select e.user_id, count(*)::int as courses,
        coalesce(sum((select count(*) from ${lessons} l where l.creator_id = ${c} and l.course_id = e.course_id and l.status = 'published')), 0)::int as total,
        coalesce(sum((select count(*) from ${lessonProgress} p where p.creator_id = ${c} and p.course_id = e.course_id and p.user_id = e.user_id and p.completed_at is not null)), 0)::int as done
      from e group by e.user_id
    )
    select s.id, s.user_id, u.name, u.email, s.status, s.tags, s.last_active_at, s.created_at,
      coalesce(t.courses, 0) as courses, coalesce(t.done, 0) as done, coalesce(t.total, 0) as total
    from ${students} s
    join ${user} u on u.id = s.user_id
    left join totals t on t.user_id = s.user_id
    where s.creator_id = ${c}
      ${like ? sql`and (u.name ilike ${like} or u.email ilike ${like})` : sql``}
      ${filter.courseId ? sql`and exists (select 1 from e where e.user_id = s.user_id and e.course_id = ${filter.courseId}::uuid)` : sql``}
      ${filter.tag ? sql`and ${filter.tag} = any(s.tags)` : sql``}
      ${filter.activeWithinDays ? sql`and s.last_active_at > now() - make_interval(days => ${filter.activeWithinDays})` : sql``}
      ${filter.progress === "not_started" ? sql`and coalesce(t.done, 0) = 0` : sql``}
      ${filter.progress === "in_progress" ? sql`and coalesce(t.done, 0) > 0 and coalesce(t.done, 0) < coalesce(t.total, 0)` : sql``}
      ${filter.progress === "completed" ? sql`and coalesce(t.total, 0) > 0 and coalesce(t.done, 0) >= coalesce(t.total, 0)` : sql``}
    order by s.created_at desc
    limit ${filter.limit ?? 100} offset ${filter.offset ?? 0}`);
  return rows.rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    status: r.status,
    tags: r.tags,
    lastActiveAt: r.last_active_at ? new Date(r.last_active_at) : null,
    createdAt: new Date(r.created_at),
    courses: Number(r.courses),
    progress: Number(r.total) ? Math.round((100 * Number(r.done)) / Number(r.total)) : null,
  }));
}

/** Every tag used on the school's students (for the filter). */
export async function listStudentTags(scope: TenantScope): Promise<string[]> {
  const db = await getDb();
  const r = await db.execute<{ tag: string }>(
    sql`select distinct unnest(${students.tags}) as tag from ${students} where ${students.creatorId} = ${scope.creatorId} order by 1`,
  );
  return r.rows.map((x) => x.tag);
}

/** One student of the school: their account, tags, enrolments with progress, and orders. */
export async function getStudentDetail(scope: TenantScope, studentId: string) {
  const db = await getDb();
  const [s] = await db
    .select({
      id: students.id,
      userId: students.userId,
      status: students.status,
      tags: students.tags,
      lastActiveAt: students.lastActiveAt,
      createdAt: students.createdAt,
      name: user.name,
      email: user.email,
    })
    .from(students)
    .innerJoin(user, eq(user.id, students.userId))
    .where(and(eq(students.id, studentId), eq(students.creatorId, scope.creatorId)));
  if (!s) return null;
  const c = scope.creatorId;
  const en = await db.execute<{
    course_id: string;
    title: string;
    source: string;
    status: string;
    enrolled_at: Date | string;
    done: number;
    total: number;
    completed_at: Date | string | null;
    last_accessed_at: Date | string | null;
    serial: string | null;
  }>(sql`
    select e.course_id, co.title, e.source, e.status, e.enrolled_at, e.completed_at, e.last_accessed_at,
      (select ce.serial from ${certificates} ce where ce.creator_id = ${c} and ce.course_id = e.course_id and ce.user_id = e.user_id and ce.revoked_at is null) as serial,
      (select count(*) from ${lessonProgress} p where p.creator_id = ${c} and p.course_id = e.course_id and p.user_id = e.user_id and p.completed_at is not null)::int as done,
      (select count(*) from ${lessons} l where l.creator_id = ${c} and l.course_id = e.course_id and l.status = 'published')::int as total
    from ${enrollments} e join ${courses} co on co.id = e.course_id and co.creator_id = ${c}
    where e.creator_id = ${c} and e.user_id = ${s.userId}
    order by e.enrolled_at desc`);
  const os = await db
    .select({
      id: orders.id,
      status: orders.status,
      amountTotal: orders.amountTotal,
      currency: orders.currency,
      createdAt: orders.createdAt,
      offerName: offers.name,
    })
    .from(orders)
    .innerJoin(offers, and(eq(offers.id, orders.offerId), eq(offers.creatorId, c)))
    .where(and(eq(orders.creatorId, c), eq(orders.userId, s.userId)))
    .orderBy(desc(orders.createdAt));
  return {
    ...s,
    enrollments: en.rows.map((r) => ({
      courseId: r.course_id,
      title: r.title,
      source: r.source,
      status: r.status,
      enrolledAt: new Date(r.enrolled_at),
      progress: Number(r.total) ? Math.round((100 * Number(r.done)) / Number(r.total)) : 0,
      done: Number(r.done),
      total: Number(r.total),
      completedAt: r.completed_at ? new Date(r.completed_at) : null,
      lastAccessedAt: r.last_accessed_at ? new Date(r.last_accessed_at) : null,
      certificateSerial: r.serial,
    })),
    orders: os,
  };
}

/** Replace a student's tags (trimmed, lower-cased, unique). */
export async function setStudentTags(scope: TenantScope, change: { actorUserId: string; studentId: string; tags: string[] }) {
  const tags = [...new Set(change.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 20);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(students)
      .set({ tags })
      .where(and(eq(students.id, change.studentId), eq(students.creatorId, scope.creatorId)))
      .returning();
    if (!row) throw new DomainError("not_found", "Student not found");
    await writeAudit(tx, scope, { actorUserId: change.actorUserId, action: "student.tagged", targetType: "student", targetId: row.id, data: { tags } });
    return row;
  });
}

/** Seen on the school's student pages now (at most one write an hour per student). */
export async function touchStudent(scope: TenantScope, userId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(students)
    .set({ lastActiveAt: new Date() })
    .where(
      and(
        eq(students.creatorId, scope.creatorId),
        eq(students.userId, userId),
        sql`(${students.lastActiveAt} is null or ${students.lastActiveAt} < now() - interval '1 hour')`,
      ),
    );
}
