import { describe, expect, it } from "vitest";
import { toWebVtt } from "./captions";

describe("caption files", () => {
  it("keeps WebVTT as it is (BOM and CRLF aside)", () => {
    const r = toWebVtt("\uFEFFWEBVTT\r\n\r\n00:00.000 --> 00:02.000\r\nHello\r\n");
    expect(r).toEqual({ ok: true, vtt: "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n" });
  });
  it("turns SRT into WebVTT", () => {
    const r = toWebVtt("1\n00:00:01,500 --> 00:00:03,000\nHi <i>there</i>\n\n2\n00:00:04,000 --> 00:00:05,250\nBye\n");
    expect(r.ok && r.vtt).toBe("WEBVTT\n\n1\n00:00:01.500 --> 00:00:03.000\nHi <i>there</i>\n\n2\n00:00:04.000 --> 00:00:05.250\nBye\n");
  });
  it("refuses anything else, and WebVTT without a cue", () => {
    expect(toWebVtt("<script>alert(1)</script>")).toMatchObject({ ok: false, message: /WebVTT \(\.vtt\) or SubRip/ });
    expect(toWebVtt("WEBVTT\n\nNOTE nothing here\n")).toMatchObject({ ok: false, message: /no captions/ });
    expect(toWebVtt("WEBVTT\n" + "x".repeat(1024 * 1024))).toMatchObject({ ok: false, message: /900 KB/ });
  });
});
