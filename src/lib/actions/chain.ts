import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { dbErrorInfo } from "@/db/errors";
import { findStudent } from "@/db/queries/students";
import { dashboardScope, ROLE_RANK, type DashboardContext, type SiteRecord, type TenantScope } from "@/db/scope";
import type { MemberRole } from "@/db/schema";
import { isPlatformAdmin } from "@/lib/auth/platform-admin";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { parseHost } from "@/lib/tenant/host";
import { resolveHostTenant } from "@/lib/tenant/resolve";
import { formDataToObject } from "./form-data";
import type { ActionFailure, ActionResult } from "./result";

/**
 * The one chain every server action is built from:
 *
 *   base (zod, error mapping, logging)
 *     → authed (a session on this host)
 *         → orgAction   (membership of the school named by `org`, with at least `minRole`)
 *         → adminAction (a verified platform admin)
 *     → siteAction      (the request's host → its school → for students, an active student of it)
 *
 * Each link adds to one context object the handler receives; tenant authority comes only from these
 * look-ups, never from input. Expected failures (a `DomainError` or one of its subclasses, database
 * constraint errors) come back as values with a code and typed details; anything else is logged and
 * shown as a generic message.
 *
 * An action takes its input as an object (from client code) or as a posted `FormData` (a `<form action>`
 * that works before JavaScript loads), and can be handed to `useActionState` as it is: called with
 * (previous result, form) it reads the form.
 */

export type Action<I, R> = { (input: I | FormData): Promise<ActionResult<R>>; (previous: ActionResult<R> | null, form: FormData): Promise<ActionResult<R>> };

export type AuthedContext = { user: SessionUser };
export type OrgContext = DashboardContext & AuthedContext;
export type SiteContext = { site: SiteRecord; scope: TenantScope; user: SessionUser | null };
export type StudentContext = { site: SiteRecord; scope: TenantScope; user: SessionUser; studentId: string };

/** Map any thrown error to a failure, in one place. */
export function toFailure(err: unknown, action: string): ActionFailure {
  if (err instanceof DomainError) {
    return {
      ok: false,
      code: err.code,
      message: err.message,
      ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}),
      ...(err.details ? { details: err.details } : {}),
    };
  }
  const db = dbErrorInfo(err);
  if (db?.kind === "unique_violation") return { ok: false, code: "conflict", message: "That already exists." };
  if (db?.kind === "foreign_key_violation") return { ok: false, code: "not_found", message: "Something this refers to no longer exists." };
  if (db?.kind === "check_violation") return { ok: false, code: "invalid", message: "Some values are not allowed." };
  logger.error("action.failed", { action, error: err instanceof Error ? err.message : String(err) });
  return { ok: false, code: "internal", message: "Something went wrong. Please try again." };
}

function invalid(error: z.ZodError): ActionFailure {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, code: "invalid", message: error.issues[0]?.message ?? "Invalid input", fieldErrors };
}

type Handler<I, C, R> = (input: I, ctx: C) => Promise<R>;

/** The base link: parse (object or form), resolve the context, run, map failures. */
function baseChain<S extends z.ZodType, C, R>(
  opts: { name: string; schema: S; context: (input: z.output<S>) => Promise<C> },
  handler: Handler<z.output<S>, C, R>,
): Action<z.input<S>, R> {
  async function run(...args: unknown[]): Promise<ActionResult<R>> {
    const raw = args.length >= 2 && args[1] instanceof FormData ? args[1] : args[0];
    const parsed = opts.schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) return invalid(parsed.error);
    try {
      const ctx = await opts.context(parsed.data);
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (err) {
      unstable_rethrow(err); // redirect() and notFound() from a handler are the framework's, not failures
      return toFailure(err, opts.name);
    }
  }
  return run as Action<z.input<S>, R>;
}

async function signedIn(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new DomainError("unauthenticated", "Please sign in again.");
  return user;
}

/**
 * The dashboard's actions answer on the app host only. A session is honoured only on the host that issued
 * it, but that host may be a school's (or a custom domain whose DNS its owner controls): a cookie harvested
 * there must never reach another school's dashboard, so the links below authed refuse any other host.
 */
async function signedInOnApp(): Promise<SessionUser> {
  if (parseHost((await headers()).get("host"), env().rootHostname).kind !== "app") throw new DomainError("not_found", "Not found.");
  return signedIn();
}

/** No session needed (a public form); the handler gets nothing but its input. */
export function publicAction<S extends z.ZodType, R>(opts: { name: string; schema: S }, handler: Handler<z.output<S>, Record<string, never>, R>) {
  return baseChain({ ...opts, context: async () => ({}) as Record<string, never> }, handler);
}

/** Any signed-in user of the app host (no school yet: onboarding, accepting an invitation). */
export function authedAction<S extends z.ZodType, R>(opts: { name: string; schema: S }, handler: Handler<z.output<S>, AuthedContext, R>) {
  return baseChain({ ...opts, context: async () => ({ user: await signedInOnApp() }) }, handler);
}

const orgField = { org: z.string().min(1).max(64) };

/**
 * Inside one school's dashboard. The input names the school by slug (`org`, as in the URL); the user must
 * be a member with at least `minRole`. Not a member → "not_found", as for a foreign id.
 */
export function orgAction<S extends z.ZodObject, R>(opts: { name: string; schema: S; minRole: MemberRole }, handler: Handler<z.output<S>, OrgContext, R>) {
  const schema = opts.schema.extend(orgField);
  return baseChain(
    {
      name: opts.name,
      schema,
      context: async (input) => {
        const user = await signedInOnApp();
        const member = await dashboardScope(user.id, (input as { org: string }).org);
        if (!member) throw new DomainError("not_found", "School not found.");
        if (ROLE_RANK[member.role] < ROLE_RANK[opts.minRole]) {
          throw new DomainError("forbidden", `Only ${opts.minRole === "owner" ? "owners" : "owners and admins"} can do this.`);
        }
        return { ...member, user };
      },
    },
    handler as Handler<z.output<typeof schema>, OrgContext, R>,
  );
}

/** Courseforge's own staff: a signed-in user whose verified address is a platform admin's. Anyone else: "not_found". */
export function adminAction<S extends z.ZodType, R>(opts: { name: string; schema: S }, handler: Handler<z.output<S>, AuthedContext, R>) {
  return baseChain(
    {
      ...opts,
      context: async () => {
        const user = await signedInOnApp();
        if (!isPlatformAdmin(user)) throw new DomainError("not_found", "Not found.");
        return { user };
      },
    },
    handler,
  );
}

async function hostSite(): Promise<{ site: SiteRecord; scope: TenantScope }> {
  const t = await resolveHostTenant((await headers()).get("host"));
  if (!t) throw new DomainError("not_found", "School not found.");
  return t;
}

/** On a school's own host (public site, checkout): the school the host resolves to, and whoever is signed in there, if anyone. */
export function siteAction<S extends z.ZodType, R>(opts: { name: string; schema: S }, handler: Handler<z.output<S>, SiteContext, R>) {
  return baseChain({ ...opts, context: async () => ({ ...(await hostSite()), user: await getSessionUser() }) }, handler);
}

/** On a school's own host, for its students (portal, community): a session there and an active student of that school. */
export function studentAction<S extends z.ZodType, R>(opts: { name: string; schema: S }, handler: Handler<z.output<S>, StudentContext, R>) {
  return baseChain(
    {
      ...opts,
      context: async () => {
        const { site, scope } = await hostSite();
        const user = await signedIn();
        const student = await findStudent(scope, user.id);
        if (!student) throw new DomainError("forbidden", `Join ${site.name} first.`);
        if (student.status !== "active")
          throw new DomainError("forbidden", `Your access to ${site.name} has been removed. Contact the school if you think this is a mistake.`);
        return { site, scope, user, studentId: student.id };
      },
    },
    handler,
  );
}
