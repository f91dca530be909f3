import { headers } from "next/headers";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenant/host";
import { safeNext } from "./safe-next";

/** The origin this request was made to (`http://app.localhost:3000`), from the Host header parseHost accepted. */
export async function requestOrigin(): Promise<string> {
  const e = env();
  const raw = (await headers()).get("host");
  const info = parseHost(raw, e.rootHostname);
  const host =
    info.kind === "invalid"
      ? `app.${e.rootDomain}`
      : (raw ?? "")
          .trim()
          .toLowerCase()
          .replace(/\.(?=:|$)/, "");
  return `${e.protocol}://${host}`;
}

/** The `?next=` destination if it stays on this origin, else `fallback`. */
export async function nextOnThisOrigin(next: string | undefined, fallback: string): Promise<string> {
  return safeNext(next, { origin: await requestOrigin(), fallback });
}

/** `path?next=<next>` when there is somewhere to come back to. */
export function withNext(path: string, next: string): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** `path?a=1&b=2` with the parameters that have a value (none: just `path`). */
export function withParams(path: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return q.size ? `${path}?${q}` : path;
}
