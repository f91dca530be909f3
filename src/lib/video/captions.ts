/**
 * Caption files: WebVTT as the player reads it. An SRT file (what most captioning tools export) is turned
 * into WebVTT — the same cues, with "." before the milliseconds and the WEBVTT header. Anything else is
 * refused with the reason.
 */
export const MAX_CAPTION_BYTES = 900 * 1024;
export const CAPTION_LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export function toWebVtt(text: string): { ok: true; vtt: string } | { ok: false; message: string } {
  const t = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (new TextEncoder().encode(t).byteLength > MAX_CAPTION_BYTES) return { ok: false, message: "Caption files can be at most 900 KB." };
  if (/^WEBVTT([ \t].*)?(\n|$)/.test(t)) return hasCue(t) ? { ok: true, vtt: t } : { ok: false, message: "This WebVTT file has no captions in it." };
  if (/^\d+\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}/m.test(t)) {
    const vtt = `WEBVTT\n\n${t.replace(/(\d{2}:\d{2}:\d{2}),(\d{3})/g, "$1.$2").trim()}\n`;
    return { ok: true, vtt };
  }
  return { ok: false, message: "Upload captions as a WebVTT (.vtt) or SubRip (.srt) file." };
}

const hasCue = (vtt: string) => /(\d{2}:)?\d{2}:\d{2}\.\d{3} --> (\d{2}:)?\d{2}:\d{2}\.\d{3}/.test(vtt);
