/**
 * A narration script as the creator edits it (pure, also used in the browser): how long it takes to say
 * and how it splits into scenes.
 */
export const MAX_SCENES = 20;
export const MAX_SCENE_CHARS = 1500;
/** HeyGen reads about 150 words a minute. */
const SECONDS_PER_WORD = 0.4;

/**
 * Seconds a text takes to say: 150 words a minute (a CJK character counts as half a word), or 15
 * characters a second if that is longer (a "word" with no spaces in it is still read out), at least 2.
 */
export function spokenSeconds(text: string): number {
  const cjk = (text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g) ?? []).length;
  const latin = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g, " ");
  const words = latin.split(/\s+/).filter(Boolean).length;
  const chars = latin.replace(/\s+/g, "").length;
  return Math.max(2, Math.round(Math.max((words + cjk / 2) * SECONDS_PER_WORD, chars / 15)));
}

/** A scene as it is sent to be read: markup (such as SSML pause tags, which would lengthen it unseen) removed, spaces collapsed. */
export function cleanScene(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A script in scenes: its paragraphs, a long one split at sentence ends, at most MAX_SCENES (the rest joins the last). */
export function splitScript(script: string): string[] {
  const out: string[] = [];
  for (const para of script.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const p = para.replace(/\s+/g, " ").trim();
    if (!p) continue;
    if (p.length <= MAX_SCENE_CHARS) {
      out.push(p);
      continue;
    }
    let cur = "";
    for (const sentence of p.match(/[^.!?。！？]+[.!?。！？]*\s*/g) ?? [p]) {
      if (cur && (cur + sentence).length > MAX_SCENE_CHARS) {
        out.push(cur.trim());
        cur = "";
      }
      cur += sentence.length > MAX_SCENE_CHARS ? sentence.slice(0, MAX_SCENE_CHARS) : sentence;
    }
    if (cur.trim()) out.push(cur.trim());
  }
  if (out.length <= MAX_SCENES) return out;
  return [
    ...out.slice(0, MAX_SCENES - 1),
    out
      .slice(MAX_SCENES - 1)
      .join(" ")
      .slice(0, MAX_SCENE_CHARS),
  ];
}
