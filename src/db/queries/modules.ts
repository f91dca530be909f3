import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "../client";
import { courseModules, lessons } from "../schema";
import type { TenantScope } from "../scope";
import { writeAudit } from "./audit";
import { lockCourse, notFoundError } from "./courses";
import { lessonIds } from "./lessons";
import { clampIndex } from "./positions";

/**
 * A course's modules. Structural edits first lock the course row and renumber the positions they touched
 * to 0..n−1 from the rows as they are now: nothing is lost or duplicated whatever the interleaving.
 */

/**
 * Modules and lessons of a course. Structural edits (create, move, delete) first lock the course
 * row, so edits from two tabs are applied one after the other, and each renumbers the positions it
 * touched to 0..n−1 from the rows as they are now: nothing is lost or duplicated whatever the
 * interleaving. Lesson bodies autosave with an optimistic version check.
 */
async function moduleIds(tx: Tx, scope: TenantScope, courseId: string) {
  const rows = await tx
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(and(eq(courseModules.creatorId, scope.creatorId), eq(courseModules.courseId, courseId)))
    .orderBy(asc(courseModules.position), asc(courseModules.createdAt), asc(courseModules.id));
  return rows.map((r) => r.id);
}

async function renumberModules(tx: Tx, scope: TenantScope, ids: string[]) {
  if (!ids.length) return;
  const values = sql.join(
    ids.map((id, i) => sql`(${id}::uuid, ${i}::int)`),
    sql`, `,
  );
  await tx.execute(
    sql`update ${courseModules} set position = v.pos, updated_at = now() from (values ${values}) as v(id, pos) where ${courseModules.id} = v.id and ${courseModules.creatorId} = ${scope.creatorId}`,
  );
}

export async function createModule(scope: TenantScope, input: { actorUserId: string; courseId: string; title: string }) {
  const { actorUserId, courseId, title } = input;
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockCourse(tx, scope, courseId);
    const ids = await moduleIds(tx, scope, courseId);
    const [m] = await tx.insert(courseModules).values({ creatorId: scope.creatorId, courseId, title, position: ids.length }).returning();
    await writeAudit(tx, scope, { actorUserId, action: "module.created", targetType: "module", targetId: m!.id });
    return m!;
  });
}

export async function findModule(tx: Tx, scope: TenantScope, moduleId: string) {
  const [m] = await tx
    .select()
    .from(courseModules)
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)));
  if (!m) throw notFoundError("Module");
  return m;
}

export async function renameModule(scope: TenantScope, change: { actorUserId: string; moduleId: string; title: string }) {
  const { actorUserId, moduleId, title } = change;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [m] = await tx
      .update(courseModules)
      .set({ title, updatedAt: new Date() })
      .where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)))
      .returning();
    if (!m) throw notFoundError("Module");
    await writeAudit(tx, scope, { actorUserId, action: "module.renamed", targetType: "module", targetId: moduleId });
    return m;
  });
}

/** Delete a module with its lessons; the remaining modules close the gap. */
export async function deleteModule(scope: TenantScope, actorUserId: string, moduleId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const gone = await lessonIds(tx, scope, moduleId);
    if (gone.length)
      await tx
        .update(lessons)
        .set({ prerequisiteLessonId: null, prerequisiteRule: null })
        .where(and(eq(lessons.creatorId, scope.creatorId), inArray(lessons.prerequisiteLessonId, gone)));
    await tx.delete(courseModules).where(and(eq(courseModules.id, moduleId), eq(courseModules.creatorId, scope.creatorId)));
    await renumberModules(tx, scope, await moduleIds(tx, scope, m.courseId));
    await writeAudit(tx, scope, {
      actorUserId,
      action: "module.deleted",
      targetType: "module",
      targetId: moduleId,
      data: { title: m.title, lessons: gone.length },
    });
    return { id: moduleId, courseId: m.courseId };
  });
}

export async function moveModule(scope: TenantScope, move: { actorUserId: string; moduleId: string; toIndex: number }) {
  const { actorUserId, moduleId, toIndex } = move;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const m = await findModule(tx, scope, moduleId);
    await lockCourse(tx, scope, m.courseId);
    const ids = (await moduleIds(tx, scope, m.courseId)).filter((id) => id !== moduleId);
    ids.splice(clampIndex(toIndex, 0, ids.length), 0, moduleId);
    await renumberModules(tx, scope, ids);
    await writeAudit(tx, scope, { actorUserId, action: "module.moved", targetType: "module", targetId: moduleId, data: { toIndex } });
    return { courseId: m.courseId, order: ids };
  });
}
