import crypto from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";

/**
 * The executor's side of Inngest's open SDK protocol (inngest/inngest docs/SDK_SPEC.md), spoken to the
 * app's own `serve()` handler in-process: the same requests Inngest's executor sends over HTTP, signed
 * with the signing key, and the SDK's answers parsed into typed results. Nothing here reads a private
 * field of the SDK; `protocol.int.test.ts` replays recorded request/response pairs so an SDK upgrade that
 * changes the protocol fails loudly.
 */

/** The three methods of the serve handler (`serve()` from inngest/next), as the route exports them. */
export type ServeHandler = {
  GET: (req: Request, ctx: unknown) => Promise<Response>;
  POST: (req: Request, ctx: unknown) => Promise<Response>;
  PUT: (req: Request, ctx: unknown) => Promise<Response>;
};

/** `t=<unix seconds>&s=<hex HMAC-SHA256 of the canonical JSON body + timestamp>`, keyed by the key without its prefix. */
export function signBody(body: unknown, signingKey: string, at: Date = new Date()): string {
  const ts = Math.floor(at.getTime() / 1000).toString();
  const key = signingKey.replace(/^signkey-[a-zA-Z0-9]+-/, "");
  const mac = crypto
    .createHmac("sha256", key)
    .update(canonicalize(body) + ts)
    .digest("hex");
  return `t=${ts}&s=${mac}`;
}

// ── function configuration (in-band sync) ───────────────────────────────────

const trigger = z.union([z.object({ event: z.string(), expression: z.string().optional() }).strict(), z.object({ cron: z.string() }).strict()]);
const concurrency = z.object({ limit: z.number().int().positive(), key: z.string().optional(), scope: z.enum(["fn", "env", "account"]).optional() }).strict();

/** One function as the SDK describes it at sync. `.strict()` on purpose: an option we do not know fails the sync. */
export const functionConfigSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    triggers: z.array(trigger).min(1),
    steps: z.record(
      z.string(),
      z
        .object({
          id: z.string(),
          name: z.string(),
          runtime: z.object({ type: z.literal("http"), url: z.string() }).strict(),
          retries: z
            .object({ attempts: z.number().int().min(0) })
            .strict()
            .optional(),
        })
        .strict(),
    ),
    idempotency: z.string().optional(),
    concurrency: z
      .union([
        z
          .number()
          .int()
          .positive()
          .transform((limit) => [{ limit }]),
        concurrency.transform((c) => [c]),
        z.array(concurrency).max(2),
      ])
      .optional(),
    throttle: z
      .object({ limit: z.number().int().positive(), period: z.string(), key: z.string().optional(), burst: z.number().int().optional() })
      .strict()
      .optional(),
    rateLimit: z.object({ limit: z.number().int().positive(), period: z.string(), key: z.string().optional() }).strict().optional(),
    debounce: z.object({ period: z.string(), key: z.string().optional(), timeout: z.string().optional() }).strict().optional(),
    batchEvents: z
      .object({ maxSize: z.number().int().positive(), timeout: z.string(), key: z.string().optional(), if: z.string().optional() })
      .strict()
      .optional(),
    priority: z.object({ run: z.string().optional() }).strict().optional(),
    timeouts: z.object({ start: z.string().optional(), finish: z.string().optional() }).strict().optional(),
    cancel: z.array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() }).strict()).optional(),
  })
  .strict();
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

const syncAnswerSchema = z.object({ app_id: z.string(), functions: z.array(z.unknown()), sdk: z.string() }).passthrough();

/**
 * In-band sync: what Inngest does when it registers an app, a signed PUT answered with the app's function
 * configurations. Each is validated strictly, so an option the executor does not know is refused here.
 */
export async function syncFunctions(opts: {
  handler: ServeHandler;
  url: string;
  signingKey: string;
}): Promise<{ appId: string; sdk: string; functions: FunctionConfig[] }> {
  const body = { url: opts.url };
  const res = await opts.handler.PUT(
    new Request(opts.url, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-signature": signBody(body, opts.signingKey) },
      body: JSON.stringify(body),
    }),
    {},
  );
  const text = await res.text();
  if (res.status !== 200) throw new Error(`Inngest sync failed (${res.status}): ${text.slice(0, 300)}`);
  const answer = syncAnswerSchema.parse(JSON.parse(text));
  const functions = answer.functions.map((f) => {
    const parsed = functionConfigSchema.safeParse(f);
    if (!parsed.success) {
      const id = (f as { id?: string }).id ?? "?";
      throw new Error(
        `The embedded executor cannot run function "${id}" as configured: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    return parsed.data;
  });
  return { appId: answer.app_id, sdk: answer.sdk, functions };
}

// ── execution ────────────────────────────────────────────────────────────────

export type SerializedError = { name: string; message: string; stack?: string; [k: string]: unknown };

/** A memoized step as the executor hands it back to the SDK. */
export type StepState = { type: "data"; data: unknown } | { type: "error"; error: SerializedError } | { type: "input"; input: unknown };

export type ExecuteRequest = {
  /** The function's full id (app prefix included), as synced. */
  fnId: string;
  /** A planned step to run by itself, or "step" for "run the function from the top". */
  stepId: string;
  event: Record<string, unknown>;
  events: Record<string, unknown>[];
  steps: Record<string, StepState>;
  /** Hashed step ids in the order they completed. */
  stack: string[];
  runId: string;
  attempt: number;
  maxAttempts: number;
  /** Let the SDK run steps one after another in this call, checkpointing each (the executor's own id for the function, and for this attempt). */
  checkpointing?: { fnId: string; queueItemId: string };
};

const errorSchema = z.object({ name: z.string().default("Error"), message: z.string().default("") }).passthrough();

export const opSchema = z
  .object({
    id: z.string(),
    op: z.string(),
    name: z.string().optional(),
    displayName: z.string().optional(),
    opts: z.record(z.string(), z.unknown()).nullish(),
    data: z.unknown().optional(),
    error: errorSchema.optional(),
    userland: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();
export type Op = z.infer<typeof opSchema>;

export type ExecuteResult =
  | { kind: "done"; output: unknown }
  | { kind: "ops"; ops: Op[]; retryAfterMs: number | null; noRetry: boolean }
  | { kind: "error"; error: SerializedError; retriable: boolean; retryAfterMs: number | null };

function retryAfter(res: Response): number | null {
  const raw = res.headers.get("retry-after");
  if (!raw) return null;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** One call of the function (or of one planned step), exactly as Inngest's executor makes it. */
export async function execute(opts: { handler: ServeHandler; url: string; signingKey: string; request: ExecuteRequest }): Promise<ExecuteResult> {
  const r = opts.request;
  const body = {
    version: 2,
    event: r.event,
    events: r.events,
    steps: r.steps,
    ctx: {
      run_id: r.runId,
      attempt: r.attempt,
      max_attempts: r.maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: r.stack, current: r.stack.length },
      ...(r.checkpointing ? { fn_id: r.checkpointing.fnId, qi_id: r.checkpointing.queueItemId } : {}),
    },
  };
  const url = new URL(opts.url);
  url.searchParams.set("fnId", r.fnId);
  url.searchParams.set("stepId", r.stepId);
  const res = await opts.handler.POST(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-inngest-signature": signBody(body, opts.signingKey), "x-inngest-req-version": "2" },
      body: JSON.stringify(body),
    }),
    {},
  );
  const text = await res.text();
  const json = (() => {
    try {
      return text ? (JSON.parse(text) as unknown) : null;
    } catch {
      return text;
    }
  })();
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  if (res.status === 200) return { kind: "done", output: json };
  if (res.status === 206) return { kind: "ops", ops: z.array(opSchema).parse(json), retryAfterMs: retryAfter(res), noRetry };
  const parsed = errorSchema.safeParse(json);
  const error: SerializedError = parsed.success
    ? (parsed.data as SerializedError)
    : { name: "Error", message: typeof json === "string" ? json.slice(0, 500) : `The function answered ${res.status}` };
  if (res.status === 401 || res.status === 403)
    return {
      kind: "error",
      error: { name: "Error", message: `The serve handler refused the executor (${res.status}): check the signing key` },
      retriable: false,
      retryAfterMs: null,
    };
  return { kind: "error", error, retriable: res.status >= 500 && !noRetry, retryAfterMs: retryAfter(res) };
}
