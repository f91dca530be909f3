import { describe, expect, it } from "vitest";
import { ipKey } from "./rate-limit";

describe("rate-limit keys", () => {
  it("an IPv6 client is keyed by its /64 (every address in it is the same client); IPv4 by the address", () => {
    expect(ipKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8:1:2::9")).toBe(ipKey("2001:db8:1:2:ffff::1"));
    expect(ipKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipKey("2001:db8:1:3::1")).not.toBe(ipKey("2001:db8:1:2::1"));
    expect(ipKey("203.0.113.7")).toBe("203.0.113.7");
    expect(ipKey(null)).toBe("unknown");
  });
});
