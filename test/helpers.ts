import { POST as authPost, GET as authGet } from "@/app/api/auth/[...all]/route";

/** Call the real auth route (host checks + Better Auth) as a browser on `host` would. */
export async function authRequest(host: string, path: string, body?: unknown, cookie?: string): Promise<Response> {
  const url = `http://${host}/api/auth${path}`;
  const headers = new Headers({ host, origin: `http://${host}` });
  if (cookie) headers.set("cookie", cookie);
  if (body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(url, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await (body === undefined ? authGet(req) : authPost(req));
  await drainJobs();
  return res;
}

/** Run every due job (e.g. the emails a request queued) to completion on the embedded runner. */
export async function drainJobs() {
  const { functions } = await import("@/inngest/functions");
  const { getRunner } = await import("@/inngest/runtime");
  await getRunner(functions).drain();
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
