import { eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../client";
import { auditLogs } from "../schema";
import type { TenantScope } from "../scope";

/** The audit trail: who did what to which record of a school, written in the same transaction as the change. */
export async function writeAudit(
  tx: DbOrTx,
  scope: TenantScope,
  entry: { actorUserId: string | null; action: string; targetType?: string; targetId?: string; data?: Record<string, unknown> },
) {
  await tx.insert(auditLogs).values({ creatorId: scope.creatorId, ...entry });
}

export async function listAuditLogs(scope: TenantScope, limit = 50) {
  const db = await getDb();
  return db
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.creatorId, scope.creatorId))
    .orderBy(sql`${auditLogs.createdAt} desc`)
    .limit(limit);
}
