import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pngSize } from "./png-size";

/** A real PNG header (signature + IHDR) of the given size; the pixels do not matter here. */
function png(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(6, 9);
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, 13]), Buffer.from("IHDR"), ihdr, Buffer.alloc(4)]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk, deflateSync(Buffer.alloc(1))]));
}

describe("a PNG's size, read before pdf-lib decodes it", () => {
  it("reads width and height from the header, so a 45000 px 'logo' of a few KB is turned away unread", () => {
    expect(pngSize(png(320, 80))).toEqual({ width: 320, height: 80 });
    expect(pngSize(png(45_000, 45_000))).toEqual({ width: 45_000, height: 45_000 });
    expect(pngSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(pngSize(new Uint8Array(30))).toBeNull();
  });
});
