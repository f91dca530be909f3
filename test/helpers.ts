import { POST as authPost, GET as authGet } from "@/app/api/auth/[...all]/route";

/** Call the real auth route (host checks + Better Auth) as a browser on `host` would. */
export async function authRequest(host: string, path: string, body?: unknown, cookie?: string): Promise<Response> {
  return authFetch({ host, path, body, cookie });
}

export type AuthFetch = {
  host: string;
  /** Under /api/auth, with any query string. */
  path: string;
  body?: unknown;
  cookie?: string;
  /** The Origin header; default the host's own origin, null for none. */
  origin?: string | null;
  /** The socket peer scripts/server.mjs would stamp (default 127.0.0.1). */
  peer?: string;
  headers?: Record<string, string>;
};

/** The auth route with every knob: origin, socket peer, extra headers. */
export async function authFetch(o: AuthFetch): Promise<Response> {
  const url = `http://${o.host}/api/auth${o.path}`;
  const headers = new Headers({ host: o.host, ...o.headers });
  const origin = o.origin === undefined ? `http://${o.host}` : o.origin;
  if (origin !== null) headers.set("origin", origin);
  headers.set("x-courseforge-peer", `${process.env.COURSEFORGE_PEER_KEY} ${o.peer ?? "127.0.0.1"}`);
  if (o.cookie) headers.set("cookie", o.cookie);
  if (o.body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(url, { method: o.body === undefined ? "GET" : "POST", headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const res = await (o.body === undefined ? authGet(req) : authPost(req));
  await drainJobs();
  return res;
}

/** Run every due job (e.g. the emails a request queued) to completion on the embedded runner. */
export async function drainJobs(timeoutMs?: number) {
  const { inngestHandler } = await import("@/inngest/serve");
  const { getRunner } = await import("@/inngest/runtime");
  await getRunner(inngestHandler).drain(timeoutMs);
}

/** The session cookie from a sign-in/up response, ready for a Cookie header. */
export function sessionCookie(res: Response): string {
  const all = res.headers.getSetCookie();
  const c = all.find((s) => s.startsWith("cf.session_token="));
  if (!c) throw new Error(`no session cookie (status ${res.status})`);
  return c.split(";")[0]!;
}

export async function signIn(host: string, email: string, password = "courseforge-demo"): Promise<string> {
  const res = await authRequest(host, "/sign-in/email", { email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return sessionCookie(res);
}

/**
 * Fire a cron function now, through the embedded executor (as its schedule would), and run everything it
 * causes (fanned-out events included) to completion. Returns the cron run.
 */
export async function runCronNow(functionId: string) {
  const { inngestHandler } = await import("@/inngest/serve");
  const { getRunner } = await import("@/inngest/runtime");
  const { listRuns } = await import("@/inngest/runner/store");
  const runner = getRunner(inngestHandler);
  const fullId = `courseforge-${functionId}`;
  const { id } = await runner.enqueue({
    name: "inngest/scheduled.timer",
    id: `manual:${functionId}:${crypto.randomUUID()}`,
    data: { functionId: fullId, cron: "manual" },
    creatorId: null,
  });
  await runner.drain();
  const run = (await listRuns({ functionId: fullId, limit: 50 })).find((r) => r.eventId === id);
  if (!run) throw new Error(`no run of ${fullId}`);
  return run;
}

/** Every cookie a response sets, ready for a Cookie header (`cf.session_token=…; cf.session_data=…`). */
export function allCookies(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/**
 * Sign in to a school that has a custom domain as a browser does: leaving the domain for the sign-in page
 * marks the browser there with a nonce (cookie `cf_handoff`, `hn` in the address: src/proxy.ts); the
 * password is used on the subdomain (`subHost`); the handoff carries the session back
 * (src/lib/auth/handoff.ts). Returns both hosts' cookies and where the browser lands. `peer`: the client
 * address (per-IP limits).
 */
export async function signInThroughHandoff(o: { subHost: string; email: string; next?: string; peer?: string }) {
  const res = await authFetch({ host: o.subHost, path: "/sign-in/email", body: { email: o.email, password: "courseforge-demo" }, peer: o.peer });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const sub = sessionCookie(res);
  const subAll = allCookies(res);
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const start = await authFetch({
    host: o.subHost,
    path: `/handoff/start?next=${encodeURIComponent(o.next ?? "/library")}&hn=${nonce}`,
    cookie: sub,
    peer: o.peer,
  });
  const to = new URL(start.headers.get("location") ?? "", `http://${o.subHost}`);
  if (start.status !== 302 || !to.pathname.endsWith("/handoff/accept")) throw new Error(`no handoff (status ${start.status} → ${to})`);
  const accept = await authFetch({ host: to.host, path: `/handoff/accept${to.search}`, peer: o.peer, cookie: `cf_handoff=${nonce}` });
  return { sub, subAll, custom: sessionCookie(accept), landed: accept.headers.get("location"), acceptUrl: to, nonce };
}
