import { env } from "@/lib/env";
import { resolveClientIp } from "./client-ip";

/** The client address of a request, as far as this deployment can vouch for it (see client-ip.ts). */
export function requestClientIp(headers: Headers): string | null {
  const e = env();
  return resolveClientIp({ headers, peerKey: e.COURSEFORGE_PEER_KEY, trustedProxies: e.trustedProxies, platform: e.VERCEL ? "vercel" : undefined });
}
