import "server-only";
import type { BlockList } from "node:net";
import { z } from "zod";
import { parseTrustedProxies } from "./net/client-ip";

/**
 * Every environment variable the server reads, validated in one place.
 * The app boots with none of them set: each has an embedded default.
 * `.env.example` documents them; keep the two in step.
 */
const bool = z.enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""]).transform((v) => v === "1" || v === "true" || v === "on" || v === "yes");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    ROOT_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, "ROOT_DOMAIN must be a host name with an optional port, e.g. courseforge.com")
      .optional(),
    PUBLIC_PROTOCOL: z.enum(["http", "https"]).optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: z.string().optional(),
    DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
    BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
    AUTH_RATE_LIMIT: bool.default(true),
    PLATFORM_ADMIN_EMAILS: z.string().default(""),
    EMAIL_FROM: z.string().default("Courseforge <no-reply@courseforge.local>"),
    EMAIL_TRANSPORT: z.enum(["outbox", "resend", "smtp"]).optional(),
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    SMTP_URL: z.string().optional(),
    /** Unset: on for a localhost ROOT_DOMAIN, off (and refused) for a public one. */
    SEED_DEMO: bool.optional(),
    OUTBOX_VIEWER: z.enum(["auto", "open", "admins"]).default("auto"),
    /** Proxies in front of the app whose X-Forwarded-For entries are believed (addresses, CIDR ranges, "loopback"). */
    TRUSTED_PROXIES: z.string().default(""),
    /** Set by scripts/server.mjs for this process only: the key beside the socket address it stamps on requests. */
    COURSEFORGE_PEER_KEY: z.string().min(16).optional(),
    /** Vercel sets VERCEL=1; the client address then comes from the platform's x-real-ip. */
    VERCEL: z.string().optional(),
    /** Shared store for rate-limit counts across web processes (redis://…). Unset: each process counts in memory. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// or rediss:// URL")
      .optional(),
    /** Allow the labelled billing test mode (no Stripe) on a public ROOT_DOMAIN. */
    BILLING_TEST_MODE: bool.default(false),
    /** Students' checkouts in the labelled test-payment mode (test cards, no money) on a public ROOT_DOMAIN; always on locally. */
    TEST_PAYMENTS: bool.default(false),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    // Background jobs (see src/inngest/mode.ts for how the mode is chosen)
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_DEV: z.string().optional(),
    INNGEST_BASE_URL: z.string().url().optional(),
    JOBS_IN_SERVER: bool.default(true),
    JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    JOB_MAX_PARALLEL: z.coerce.number().int().min(0).max(256).default(8),
    /** Days finished job runs and delivered events are kept (then pruned by the runner). */
    JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    JOB_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
    // File storage: local disk under DATA_DIR (default) or an S3-compatible bucket (Cloudflare R2).
    STORAGE_DRIVER: z.enum(["local", "s3"]).optional(),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().default("auto"),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    // AI (src/lib/ai): text through Anthropic, OpenAI or any OpenAI-compatible server; images through OpenAI.
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    /** Another Anthropic API origin (a proxy, or the test suite's fake server). */
    ANTHROPIC_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().min(1).optional(),
    /** An OpenAI-compatible server (a local model server, a gateway); with it, OPENAI_API_KEY may be anything the server accepts. */
    OPENAI_BASE_URL: z.string().url().optional(),
    /** The model for every text task, as provider:model (anthropic:claude-sonnet-4-6, openai:gpt-4.1-mini); unset: chosen from the keys present. */
    AI_TEXT_MODEL: z
      .string()
      .regex(/^(anthropic|openai|sample):[\w.:/-]+$/, "AI_TEXT_MODEL is provider:model, e.g. anthropic:claude-sonnet-4-6")
      .optional(),
    /** Per-task overrides: task=provider:model, comma-separated (e.g. lesson=openai:gpt-4.1-mini,quiz=anthropic:claude-haiku-4-5). */
    AI_TASK_MODELS: z.string().default(""),
    /** The image model as provider:model (openai:gpt-image-1); unset: OpenAI's when OPENAI_API_KEY is set against OpenAI itself, else covers are drawn locally. */
    AI_IMAGE_MODEL: z
      .string()
      .regex(/^(openai|local):[\w.:/-]+$/, "AI_IMAGE_MODEL is provider:model, e.g. openai:gpt-image-1")
      .optional(),
    /** Seconds one AI request may take before it is abandoned (and retried by the SDK). */
    AI_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    /** The labelled sample provider (replays recorded answers) when no provider is configured: on locally, off on a public ROOT_DOMAIN. */
    AI_SAMPLE_PROVIDER: bool.optional(),
    // Avatar video lessons (src/lib/avatar): HeyGen renders a presenter reading the narration.
    HEYGEN_API_KEY: z.string().min(1).optional(),
    /** The signing secret of the HeyGen webhook endpoint (app.<root>/api/webhooks/heygen); unset: renders are followed by polling alone. */
    HEYGEN_WEBHOOK_SECRET: z.string().min(8).optional(),
    /** HeyGen's API origin; another address only for tests. */
    HEYGEN_API_URL: z.string().url().default("https://api.heygen.com"),
    /** Credits one minute of rendered avatar video takes (1 credit = $0.02; HeyGen's API is about $1 a minute). */
    AVATAR_CREDITS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
    /** Seconds a scene may take to render before the render gives up (its credits released). */
    AVATAR_RENDER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(7200),
    /** The labelled sample renderer (a generated clip, the script as captions) when HeyGen is not configured: on locally, off on a public ROOT_DOMAIN. */
    AVATAR_SAMPLE_RENDERER: bool.optional(),
    /** Mux's API (schools connect their own Mux accounts in Settings → Video); another address only for tests. */
    MUX_API_URL: z.string().url().default("https://api.mux.com"),
    // Creator billing (Stripe). Without STRIPE_SECRET_KEY the billing page runs in test mode.
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "STRIPE_SECRET_KEY must start with sk_test_, sk_live_, rk_test_ or rk_live_")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "STRIPE_WEBHOOK_SECRET must start with whsec_").optional(),
    STRIPE_PRICE_STARTER: z.string().startsWith("price_").optional(),
    STRIPE_PRICE_PRO: z.string().startsWith("price_").optional(),
    STRIPE_PRICE_BUSINESS: z.string().startsWith("price_").optional(),
    /** The platform's publishable key: with it, Stripe Checkout is embedded in the school's own checkout page. */
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_/, "STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_")
      .optional(),
    /** The signing secret of the Connect webhook endpoint (app.<root>/api/webhooks/stripe-connect): students paying schools. */
    STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_", "STRIPE_CONNECT_WEBHOOK_SECRET must start with whsec_").optional(),
    /** Another Stripe API origin (a stripe-mock or the test suite's fake server); unset in production. */
    STRIPE_API_URL: z.string().url().optional(),
    /** Custom domains: the host a school's domain points its CNAME at (default `domains.<root>`). */
    CUSTOM_DOMAIN_TARGET: z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i,
        "CUSTOM_DOMAIN_TARGET must be a host name, like domains.courseforge.com",
      )
      .optional(),
    /** DNS servers for domain checks (`ip` or `ip:port`, comma-separated); unset: the system's. */
    DNS_SERVERS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
      )
      .pipe(z.array(z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d{1,5})?$/i, "DNS_SERVERS entries are ip or ip:port")).optional()),
  })
  .superRefine((e, ctx) => {
    try {
      parseTrustedProxies(e.TRUSTED_PROXIES);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["TRUSTED_PROXIES"], message: (err as Error).message.replace(/^TRUSTED_PROXIES: /, "") });
    }
    if ((e.STORAGE_DRIVER === "s3" || e.S3_BUCKET) && !(e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY))
      ctx.addIssue({
        code: "custom",
        path: ["S3_BUCKET"],
        message: "S3 storage needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for R2)",
      });
    // Schools' Mux token secrets travel to this address: only over https, except a local stand-in.
    if (!/^https:\/\//.test(e.MUX_API_URL) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(e.MUX_API_URL))
      ctx.addIssue({ code: "custom", path: ["MUX_API_URL"], message: "MUX_API_URL must be https (or a stand-in on this machine)" });
    for (const [key, url] of [
      ["ANTHROPIC_BASE_URL", e.ANTHROPIC_BASE_URL],
      ["OPENAI_BASE_URL", e.OPENAI_BASE_URL],
      ["HEYGEN_API_URL", e.HEYGEN_API_URL],
    ] as const)
      if (url && !/^https:\/\//.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url))
        ctx.addIssue({ code: "custom", path: [key], message: `${key} must be https (or a server on this machine): API keys travel to it` });
    if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (webhooks change plans and add credits)",
      });
  });

export type Env = z.infer<typeof schema> & {
  rootDomain: string;
  rootHostname: string;
  protocol: "http" | "https";
  databaseDriver: "pglite" | "pg" | "neon";
  emailTransport: "outbox" | "resend" | "smtp";
  platformAdmins: string[];
  /** ROOT_DOMAIN is localhost or *.localhost: the demo seed, the open outbox viewer and billing test mode are allowed. */
  isLocalRoot: boolean;
  seedDemo: boolean;
  trustedProxies: BlockList;
  /** Where a custom domain's CNAME points. */
  customDomainTarget: string;
};

/**
 * A public ROOT_DOMAIN fails closed: no demo seed (its passwords are published), no demo admin, the outbox
 * viewer for verified platform admins only, no billing test mode unless BILLING_TEST_MODE=1, a real
 * session secret and a real email transport. One error lists everything that is missing.
 */
function publicDeploymentProblems(e: z.infer<typeof schema>, emailTransport: string): string[] {
  const problems: string[] = [];
  if (!e.BETTER_AUTH_SECRET) problems.push("BETTER_AUTH_SECRET: required (at least 32 random characters, e.g. openssl rand -base64 32)");
  if (!e.STRIPE_SECRET_KEY && !e.BILLING_TEST_MODE)
    problems.push(
      "STRIPE_SECRET_KEY (+ STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_*): required for creator billing; or BILLING_TEST_MODE=1 to run the labelled test mode on purpose",
    );
  if (emailTransport === "outbox" && e.EMAIL_TRANSPORT !== "outbox")
    problems.push("RESEND_API_KEY or SMTP_URL: required to send email (or EMAIL_TRANSPORT=outbox to keep mail in the database on purpose)");
  if (e.SEED_DEMO) problems.push("SEED_DEMO: the demo seed publishes its passwords and a demo admin; it is refused on a public ROOT_DOMAIN");
  if (e.INNGEST_DEV && e.INNGEST_DEV !== "0")
    problems.push("INNGEST_DEV: the Inngest dev server checks no signatures; refused on a public ROOT_DOMAIN (use INNGEST_EVENT_KEY + INNGEST_SIGNING_KEY)");
  if (e.OUTBOX_VIEWER === "open") problems.push("OUTBOX_VIEWER=open: refused on a public ROOT_DOMAIN (the viewer shows password-reset links); use admins");
  return problems;
}

let cached: Env | undefined;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${lines}`);
  }
  const e = parsed.data;
  const rootDomain = (e.ROOT_DOMAIN ?? `localhost:${e.PORT}`).toLowerCase();
  const rootHostname = rootDomain.replace(/:\d+$/, "");
  const isLocal = rootHostname === "localhost" || rootHostname.endsWith(".localhost");
  const url = e.DATABASE_URL ?? "";
  const databaseDriver =
    e.DATABASE_DRIVER ?? (url.startsWith("postgres://") || url.startsWith("postgresql://") ? (/\.neon\.tech|neon\.build/.test(url) ? "neon" : "pg") : "pglite");
  const emailTransport = e.EMAIL_TRANSPORT ?? (e.RESEND_API_KEY ? "resend" : e.SMTP_URL ? "smtp" : "outbox");
  if (!isLocal) {
    const problems = publicDeploymentProblems(e, emailTransport);
    if (problems.length) throw new Error(`Invalid environment configuration for the public domain ${rootDomain}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return {
    ...e,
    rootDomain,
    rootHostname,
    protocol: e.PUBLIC_PROTOCOL ?? (isLocal ? "http" : "https"),
    databaseDriver,
    emailTransport,
    // On the embedded default with no admins configured, the seeded demo admin is one (demo-only, local only).
    platformAdmins: (e.PLATFORM_ADMIN_EMAILS || (databaseDriver === "pglite" && isLocal ? "admin@courseforge.test" : ""))
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    isLocalRoot: isLocal,
    seedDemo: isLocal && (e.SEED_DEMO ?? true),
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES),
    customDomainTarget: (e.CUSTOM_DOMAIN_TARGET ?? `domains.${rootHostname}`).toLowerCase(),
  };
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** Absolute URL of a host kind, e.g. appUrl("/sign-in") → http://app.localhost:3000/sign-in */
export function appUrl(path = "/"): string {
  const e = env();
  return `${e.protocol}://app.${e.rootDomain}${path}`;
}

export function rootUrl(path = "/"): string {
  const e = env();
  return `${e.protocol}://${e.rootDomain}${path}`;
}

/**
 * Absolute URL on a school's host: its subdomain (a slug) or a custom domain. A custom domain is served on
 * the platform's port, so a platform run on a port (locally, in tests) links to its custom domains on that
 * port too; in production there is none.
 */
export function tenantUrl(slugOrHost: string, path = "/"): string {
  const e = env();
  const port = /:\d+$/.exec(e.rootDomain)?.[0] ?? "";
  const host = slugOrHost.includes(".") ? `${slugOrHost}${port}` : `${slugOrHost}.${e.rootDomain}`;
  return `${e.protocol}://${host}${path}`;
}
