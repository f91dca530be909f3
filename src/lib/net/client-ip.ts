import { BlockList, isIP } from "node:net";

/**
 * Who is on the other end of a request. Forwarding headers (`X-Forwarded-For`) are written by whoever
 * sends the request, so they are believed only as far as they were appended by proxies we trust:
 *
 * - `scripts/server.mjs` (what `npm start` and `npm run dev` run) stamps every request with the socket's
 *   peer address in `x-courseforge-peer`, next to a per-process key, overwriting anything a client sent.
 *   A peer header without the key (the app run some other way) is ignored.
 * - `TRUSTED_PROXIES` lists the proxies in front of us (addresses or CIDR ranges). Starting from the peer,
 *   each hop that is a trusted proxy lets us read one more address to its left in `X-Forwarded-For`;
 *   the first address that is not a trusted proxy is the client.
 * - On Vercel (`platform: "vercel"`) the platform overwrites `x-real-ip`, so that is the client.
 *
 * Null when the client cannot be known (no stamped peer): callers must not fall back to a header.
 */
export const PEER_HEADER = "x-courseforge-peer";
/** The resolved client address, set by the auth route for Better Auth's own limiter (never from a client). */
export const CLIENT_IP_HEADER = "x-courseforge-client-ip";

export type ClientIpOptions = {
  headers: Headers;
  /** The per-process key `scripts/server.mjs` stamps beside the peer address. */
  peerKey: string | undefined;
  trustedProxies: BlockList;
  platform?: "vercel";
};

/** `::ffff:1.2.3.4` → `1.2.3.4`; brackets and ports dropped; null if not an IP address. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[")) ip = ip.slice(1, ip.indexOf("]") > 0 ? ip.indexOf("]") : undefined);
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.toLowerCase();
  if (ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip : null;
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
}

/** The stamped peer address, when the stamp carries this process's key. */
export function stampedPeer(headers: Headers, peerKey: string | undefined): string | null {
  const raw = headers.get(PEER_HEADER);
  if (!raw || !peerKey) return null;
  const space = raw.indexOf(" ");
  if (space < 0 || raw.slice(0, space) !== peerKey) return null;
  return normalizeIp(raw.slice(space + 1));
}

export function resolveClientIp(opts: ClientIpOptions): string | null {
  if (opts.platform === "vercel") return normalizeIp(opts.headers.get("x-real-ip"));
  const peer = stampedPeer(opts.headers, opts.peerKey);
  if (!peer) return null;
  let client = peer;
  if (!isTrusted(opts.trustedProxies, client)) return client;
  const hops = (opts.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return client; // garbage in the chain: stop at the last hop we could vouch for
    client = hop;
    if (!isTrusted(opts.trustedProxies, hop)) return hop;
  }
  return client;
}

/** Parse `TRUSTED_PROXIES` ("10.0.0.0/8, 192.0.2.7, loopback"); throws on an entry that is not an address or range. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [addr, bits] = entry.split("/");
    const ip = normalizeIp(addr);
    const family = ip ? (isIP(ip) === 6 ? "ipv6" : "ipv4") : null;
    if (!ip || !family) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    if (bits === undefined) {
      list.addAddress(ip, family);
      continue;
    }
    const prefix = Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv6" ? 128 : 32))
      throw new Error(`TRUSTED_PROXIES: "${entry}" has a bad prefix length`);
    list.addSubnet(ip, prefix, family);
  }
  return list;
}
