import crypto from "node:crypto";
import { assertSupported, evalCondition, evalKey } from "./expressions";
import type { FunctionConfig } from "./protocol";

/**
 * What the executor needs to know about a function, from the configuration the SDK reports at sync
 * (the same JSON Inngest receives). Every option is implemented; an expression the executor cannot
 * evaluate is refused when the function is registered, never ignored.
 */
export type FunctionSpec = {
  id: string;
  name: string;
  /** Retries after the first attempt (Inngest: max attempts = retries + 1). */
  retries: number;
  events: { event: string; expression: string | null }[];
  crons: string[];
  concurrency: { limit: number; key: string | null; scope: "fn" | "env" | "account" }[];
  throttle: { limit: number; periodMs: number; key: string | null } | null;
  rateLimit: { limit: number; periodMs: number; key: string | null } | null;
  debounce: { periodMs: number; key: string | null; timeoutMs: number | null } | null;
  batch: { maxSize: number; timeoutMs: number; key: string | null; if: string | null } | null;
  priority: string | null;
  timeouts: { startMs: number | null; finishMs: number | null };
  idempotency: string | null;
  cancel: { event: string; if: string | null; timeoutMs: number | null }[];
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Inngest time strings: "500ms", "30s", "1h30m", "3d", "2w". */
export function durationMs(s: string): number {
  const str = s.trim();
  if (/^\d+$/.test(str)) return Number(str);
  let total = 0;
  let rest = str;
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;
  while (rest.length) {
    const m = part.exec(rest);
    if (!m) throw new Error(`Unsupported duration: "${s}"`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** A sleep's `name` is a duration ("3d") or, for sleepUntil, an ISO date. */
export function wakeTime(name: string, from: number = Date.now()): Date {
  if (/^\d{4}-\d{2}-\d{2}T/.test(name)) return new Date(name);
  return new Date(from + durationMs(name));
}

export function toSpec(config: FunctionConfig): FunctionSpec {
  const step = Object.values(config.steps)[0];
  if (!step || Object.keys(config.steps).length !== 1) throw new Error(`Function "${config.id}" must have exactly one entry step`);
  const check = (expr: string | undefined | null, kind: "key" | "condition", what: string) => {
    if (!expr) return;
    try {
      assertSupported(expr, kind);
    } catch (err) {
      throw new Error(
        `Function "${config.id}": the embedded executor cannot evaluate ${what} "${expr}" (${(err as Error).message}). Use a dotted path, a literal, or ==, !=, && of those.`,
      );
    }
  };
  const events = config.triggers.flatMap((t) => ("event" in t ? [{ event: t.event, expression: t.expression ?? null }] : []));
  for (const e of events) check(e.expression, "condition", "the trigger condition");
  const crons = config.triggers.flatMap((t) => ("cron" in t ? [t.cron] : []));
  const concurrency = (config.concurrency ?? []).map((c: { limit: number; key?: string; scope?: "fn" | "env" | "account" }) => ({
    limit: c.limit,
    key: c.key ?? null,
    scope: c.scope ?? ("fn" as const),
  }));
  for (const c of concurrency) check(c.key, "key", "the concurrency key");
  if (config.throttle?.burst && config.throttle.burst > 1)
    throw new Error(`Function "${config.id}": throttle.burst is not implemented by the embedded executor`);
  check(config.throttle?.key, "key", "the throttle key");
  check(config.rateLimit?.key, "key", "the rate limit key");
  check(config.debounce?.key, "key", "the debounce key");
  check(config.batchEvents?.key, "key", "the batch key");
  check(config.batchEvents?.if, "condition", "the batch condition");
  check(config.priority?.run, "key", "the priority expression");
  check(config.idempotency, "key", "the idempotency key");
  for (const c of config.cancel ?? []) check(c.if, "condition", "the cancel condition");
  return {
    id: config.id,
    name: config.name,
    retries: step.retries?.attempts ?? 3,
    events,
    crons,
    concurrency,
    throttle: config.throttle ? { limit: config.throttle.limit, periodMs: durationMs(config.throttle.period), key: config.throttle.key ?? null } : null,
    rateLimit: config.rateLimit ? { limit: config.rateLimit.limit, periodMs: durationMs(config.rateLimit.period), key: config.rateLimit.key ?? null } : null,
    debounce: config.debounce
      ? {
          periodMs: durationMs(config.debounce.period),
          key: config.debounce.key ?? null,
          timeoutMs: config.debounce.timeout ? durationMs(config.debounce.timeout) : null,
        }
      : null,
    batch: config.batchEvents
      ? {
          maxSize: config.batchEvents.maxSize,
          timeoutMs: durationMs(config.batchEvents.timeout),
          key: config.batchEvents.key ?? null,
          if: config.batchEvents.if ?? null,
        }
      : null,
    priority: config.priority?.run ?? null,
    timeouts: {
      startMs: config.timeouts?.start ? durationMs(config.timeouts.start) : null,
      finishMs: config.timeouts?.finish ? durationMs(config.timeouts.finish) : null,
    },
    idempotency: config.idempotency ?? null,
    cancel: (config.cancel ?? []).map((c) => ({ event: c.event, if: c.if ?? null, timeoutMs: c.timeout ? durationMs(c.timeout) : null })),
  };
}

type Scope = { event: Record<string, unknown> };

/** A key expression's value for an event; an empty result means "no key" (Inngest treats it the same way). */
/**
 * Keys are compared, never read back, so a long one is stored as its hash (Inngest hashes keys too): an
 * event carrying a huge value cannot produce an index entry Postgres refuses, which would stop claiming.
 */
export function boundKey(k: string): string {
  return k.length <= 200 ? k : `sha256:${crypto.createHash("sha256").update(k).digest("hex")}`;
}

export function keyFor(expr: string | null, scope: Scope): string | null {
  if (!expr) return null;
  const v = evalKey(expr, scope);
  return v === "" ? null : boundKey(v);
}

export function triggers(spec: FunctionSpec, ev: { name: string; data: Record<string, unknown> }): boolean {
  return spec.events.some((t) => t.event === ev.name && (!t.expression || evalCondition(t.expression, { event: ev })));
}

/** The concurrency keys a run holds, qualified by scope: per function, or shared across the app (env/account). */
export function concurrencyKeys(spec: FunctionSpec, scope: Scope): string[] | null {
  if (!spec.concurrency.length) return null;
  return spec.concurrency.map((c) => {
    const k = c.key ? boundKey(evalKey(c.key, scope)) : "";
    return c.scope === "fn" ? `fn:${spec.id}:${k}` : `${c.scope}:${c.key ?? ""}:${k}`;
  });
}

/** Priority in seconds, clamped to Inngest's range. */
export function priorityFor(spec: FunctionSpec, scope: Scope): number {
  if (!spec.priority) return 0;
  const raw = /^-?\d+$/.test(spec.priority.trim()) ? Number(spec.priority) : Number(evalKey(spec.priority, scope));
  return Number.isFinite(raw) ? Math.max(-600, Math.min(600, Math.trunc(raw))) : 0;
}
