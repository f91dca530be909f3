import { describe, expect, it } from "vitest";
import { newCertificateSerial, normalizeSerial } from "./serial";

describe("certificate serials", () => {
  it("are three groups of five unambiguous characters, and different every time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = newCertificateSerial();
      expect(s).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      seen.add(s);
    }
    expect(seen.size).toBe(2000);
  });
  it("read back however they were typed; anything else is not a serial", () => {
    expect(normalizeSerial(" 7f3kq 9qxd2-mpla8 ")).toBe("7F3KQ-9QXD2-MP1A8");
    expect(normalizeSerial("OOOOO-IIIII-LLLLL")).toBe("00000-11111-11111");
    expect(normalizeSerial("7F3KQ-9QXD2")).toBeNull();
    expect(normalizeSerial("7F3KQ-9QXD2-MPLAU")).toBeNull();
    expect(normalizeSerial("'; drop table certificates; --")).toBeNull();
  });
});
