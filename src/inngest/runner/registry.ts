import type { InngestFunction } from "inngest";
import { assertSupported } from "./expressions";

/**
 * The embedded runner's view of an Inngest function: the very same handler, with its options read
 * from `fn.opts`. The handler lives in a private field of InngestFunction (`fn`); the test
 * "registry reads inngest functions" fails loudly if an SDK upgrade moves it.
 */
export type Handler = (ctx: Record<string, unknown>) => Promise<unknown>;

export type LocalFunction = {
  id: string;
  name: string;
  handler: Handler;
  retries: number;
  events: { event: string; if: string | null }[];
  crons: string[];
  concurrency: { limit: number; key: string | null } | null;
  throttle: { limit: number; periodMs: number; key: string | null } | null;
  idempotency: string | null;
  cancelOn: { event: string; match: string | null; if: string | null }[];
};

type Opts = {
  id: string;
  name?: string;
  retries?: number;
  triggers?: { event?: string | { name: string }; cron?: string; if?: string }[];
  concurrency?: number | { limit: number; key?: string } | { limit: number; key?: string }[];
  throttle?: { limit: number; period: string | number; key?: string };
  idempotency?: string;
  cancelOn?: { event: string | { name: string }; match?: string; if?: string }[];
};

function periodMs(p: string | number): number {
  if (typeof p === "number") return p;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(p.trim());
  if (!m) throw new Error(`Unsupported throttle period: ${p}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

const eventName = (e: string | { name: string }) => (typeof e === "string" ? e : e.name);

export function toLocalFunction(fn: InngestFunction.Any): LocalFunction {
  const opts = (fn as unknown as { opts: Opts }).opts;
  const handler = (fn as unknown as { fn: Handler }).fn;
  if (!opts?.id || typeof handler !== "function") {
    throw new Error("This inngest version no longer exposes `opts` and `fn` on InngestFunction; the embedded runner needs updating.");
  }
  const conc = Array.isArray(opts.concurrency) ? opts.concurrency[0] : opts.concurrency;
  const concurrency = conc === undefined ? null : typeof conc === "number" ? { limit: conc, key: null } : { limit: conc.limit, key: conc.key ?? null };
  if (concurrency?.key) assertSupported(concurrency.key, "key");
  const throttle = opts.throttle ? { limit: opts.throttle.limit, periodMs: periodMs(opts.throttle.period), key: opts.throttle.key ?? null } : null;
  if (throttle?.key) assertSupported(throttle.key, "key");
  if (opts.idempotency) assertSupported(opts.idempotency, "key");
  const triggers = opts.triggers ?? [];
  const events = triggers.filter((t) => t.event).map((t) => ({ event: eventName(t.event!), if: t.if ?? null }));
  for (const e of events) if (e.if) assertSupported(e.if, "condition");
  const cancelOn = (opts.cancelOn ?? []).map((c) => ({ event: eventName(c.event), match: c.match ?? null, if: c.if ?? null }));
  for (const c of cancelOn) if (c.if) assertSupported(c.if, "condition");
  return {
    id: opts.id,
    name: opts.name ?? opts.id,
    handler,
    retries: opts.retries ?? 4,
    events,
    crons: triggers.filter((t) => t.cron).map((t) => t.cron!),
    concurrency,
    throttle,
    idempotency: opts.idempotency ?? null,
    cancelOn,
  };
}
