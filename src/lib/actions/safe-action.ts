import { z } from "zod";
import { dashboardScope, type DashboardContext } from "@/db/scope";
import { DomainError } from "@/db/queries/tenants";
import { dbErrorInfo } from "@/db/errors";
import { LimitError } from "@/db/queries/limits";
import type { MemberRole } from "@/db/schema";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/logger";
import { ActionError, type ActionResult } from "./result";

/**
 * The one helper chain for server actions:
 *   input → zod → session → (org membership with a role) → handler → ActionResult
 * Expected failures come back as values; anything else is logged and shown as a generic message.
 * Tenant authority comes only from the membership lookup, never from input.
 */

const currentUser = getSessionUser;

/** Map any thrown error to an ActionResult failure (database codes mapped here, in one place). */
export function toFailure(err: unknown, context: string): Extract<ActionResult<never>, { ok: false }> {
  if (err instanceof ActionError) return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof DomainError) return { ok: false, code: err.code, message: err.message };
  if (err instanceof LimitError) return { ok: false, code: "limit_reached", message: err.message, upgradeUrl: "settings/billing" };
  const db = dbErrorInfo(err);
  if (db?.kind === "unique_violation") return { ok: false, code: "conflict", message: "That already exists." };
  if (db?.kind === "foreign_key_violation") return { ok: false, code: "not_found", message: "Something this refers to no longer exists." };
  if (db?.kind === "check_violation") return { ok: false, code: "invalid", message: "Some values are not allowed." };
  logger.error("action.failed", { action: context, error: err instanceof Error ? err.message : String(err) });
  return { ok: false, code: "internal", message: "Something went wrong. Please try again." };
}

function invalid(error: z.ZodError): Extract<ActionResult<never>, { ok: false }> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0]?.message ?? "Invalid input";
  return { ok: false, code: "invalid", message: first, fieldErrors };
}

/** An action for any signed-in user (no tenant). */
export function userAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<R>,
) {
  return async (raw: z.input<S>): Promise<ActionResult<R>> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error);
    try {
      const user = await currentUser();
      if (!user) return { ok: false, code: "unauthenticated", message: "Please sign in again." };
      return { ok: true, data: await handler(parsed.data, { user }) };
    } catch (err) {
      return toFailure(err, name);
    }
  };
}

/**
 * An action inside one school's dashboard. The org is named by slug (as in the URL); the user
 * must be a member with at least `minRole`. Not a member → "not_found", like a foreign id.
 */
export function orgAction<S extends z.ZodType, R>(
  name: string,
  opts: { schema: S; minRole: MemberRole },
  handler: (input: z.output<S>, ctx: DashboardContext & { user: SessionUser }) => Promise<R>,
) {
  return async (orgSlug: string, raw: z.input<S>): Promise<ActionResult<R>> => {
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error);
    if (typeof orgSlug !== "string" || orgSlug.length > 64) return { ok: false, code: "not_found", message: "School not found." };
    try {
      const user = await currentUser();
      if (!user) return { ok: false, code: "unauthenticated", message: "Please sign in again." };
      const member = await dashboardScope(user.id, orgSlug, "editor");
      if (!member) return { ok: false, code: "not_found", message: "School not found." };
      const rank = { editor: 1, admin: 2, owner: 3 } as const;
      if (rank[member.role] < rank[opts.minRole]) {
        return { ok: false, code: "forbidden", message: `Only ${opts.minRole === "owner" ? "owners" : "owners and admins"} can do this.` };
      }
      return { ok: true, data: await handler(parsed.data, { ...member, user }) };
    } catch (err) {
      return toFailure(err, name);
    }
  };
}
