import { describe, expect, it } from "vitest";
import { normalizeIp, parseTrustedProxies, resolveClientIp } from "./client-ip";

const KEY = "k".repeat(20);
const stamp = (peer: string, xff?: string) => new Headers({ "x-courseforge-peer": `${KEY} ${peer}`, ...(xff ? { "x-forwarded-for": xff } : {}) });
const ip = (headers: Headers, trusted = "") => resolveClientIp({ headers, peerKey: KEY, trustedProxies: parseTrustedProxies(trusted) });

describe("resolveClientIp", () => {
  it("with no trusted proxy the socket peer is the client, whatever X-Forwarded-For says", () => {
    expect(ip(stamp("203.0.113.9"))).toBe("203.0.113.9");
    expect(ip(stamp("203.0.113.9", "1.2.3.4"))).toBe("203.0.113.9");
    expect(ip(stamp("::ffff:203.0.113.9", "1.2.3.4, 5.6.7.8"))).toBe("203.0.113.9");
  });

  it("a trusted proxy lets us read one hop further left, and only through trusted hops", () => {
    expect(ip(stamp("10.0.0.2", "198.51.100.7"), "10.0.0.0/8")).toBe("198.51.100.7");
    // client-sent junk on the left is skipped: the first untrusted address from the right wins
    expect(ip(stamp("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9"), "10.0.0.0/8")).toBe("198.51.100.7");
    // an untrusted peer's forwarding header is ignored entirely
    expect(ip(stamp("192.0.2.50", "198.51.100.7"), "10.0.0.0/8")).toBe("192.0.2.50");
    // garbage in the chain stops the walk at the last hop we could vouch for
    expect(ip(stamp("10.0.0.2", "not-an-ip"), "10.0.0.0/8")).toBe("10.0.0.2");
    expect(ip(stamp("::1", "2001:db8::5"), "loopback")).toBe("2001:db8::5");
  });

  it("believes no peer stamp without this process's key, and none at all when there is no key", () => {
    expect(
      resolveClientIp({ headers: new Headers({ "x-courseforge-peer": "other-key 203.0.113.9" }), peerKey: KEY, trustedProxies: parseTrustedProxies("") }),
    ).toBeNull();
    expect(resolveClientIp({ headers: stamp("203.0.113.9"), peerKey: undefined, trustedProxies: parseTrustedProxies("") })).toBeNull();
    expect(resolveClientIp({ headers: new Headers({ "x-forwarded-for": "1.2.3.4" }), peerKey: KEY, trustedProxies: parseTrustedProxies("") })).toBeNull();
  });

  it("on Vercel reads the platform's x-real-ip", () => {
    expect(
      resolveClientIp({
        headers: new Headers({ "x-real-ip": "198.51.100.3", "x-forwarded-for": "1.1.1.1" }),
        peerKey: undefined,
        trustedProxies: parseTrustedProxies(""),
        platform: "vercel",
      }),
    ).toBe("198.51.100.3");
  });

  it("normalizes addresses", () => {
    expect(normalizeIp("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("203.0.113.9:4431")).toBe("203.0.113.9");
    expect(normalizeIp("localhost")).toBeNull();
  });
});
