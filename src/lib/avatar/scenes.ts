import { createHash } from "node:crypto";

/**
 * Scenes of a narration, as pure functions: how long a script takes to say, how a script splits into
 * scenes, what a scene's clip is keyed by, what rendering costs, and the captions timed by scene.
 */
export { cleanScene, MAX_SCENE_CHARS, MAX_SCENES, spokenSeconds, splitScript } from "./script";

/** What makes a clip: the same scene said by the same presenter, voice and background, by the same renderer, is the same clip. */
export function sceneHash(s: { text: string; avatarId: string; voiceId: string; background: string; renderer: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([s.renderer, s.avatarId, s.voiceId, s.background.toLowerCase(), s.text.replace(/\s+/g, " ").trim()]))
    .digest("hex");
}

/** Credits for seconds of rendered video (at `perMinute`, rounded up to the credit). */
export function renderCredits(seconds: number, perMinute: number): number {
  return seconds <= 0 ? 0 : Math.ceil((seconds * perMinute) / 60);
}

/** What is held before rendering: the scenes' spoken length plus a quarter (a voice may speak slower than estimated). */
export function holdCredits(seconds: number, perMinute: number): number {
  return renderCredits(Math.ceil(seconds * 1.25), perMinute);
}

const stamp = (s: number) => {
  const ms = Math.max(0, Math.round(s * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
};

/** A cue's text in lines of at most 42 characters, at most two lines a cue. */
function cueChunks(sentence: string): string[] {
  const words = sentence.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && (line + " " + w).length > 42) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  const cues: string[] = [];
  for (let i = 0; i < lines.length; i += 2) cues.push(lines.slice(i, i + 2).join("\n"));
  return cues;
}

/**
 * Captions for a stitched video (WebVTT): each scene's script over that scene's own time in the video,
 * cut into sentences and two-line cues, each cue's share of the scene by its length.
 */
export function scenesToVtt(scenes: { text: string; seconds: number }[]): string {
  let at = 0;
  const cues: string[] = [];
  for (const scene of scenes) {
    const chunks = (scene.text.match(/[^.!?。！？]+[.!?。！？]*/g) ?? [scene.text])
      .flatMap((s) => cueChunks(s.replace(/-->/g, "→").replace(/&/g, "&amp;").replace(/</g, "&lt;").trim()))
      .filter(Boolean);
    const total = chunks.reduce((n, c) => n + c.length, 0) || 1;
    let t = at;
    for (const c of chunks) {
      const d = (scene.seconds * c.length) / total;
      cues.push(`${stamp(t)} --> ${stamp(t + d)}\n${c}`);
      t += d;
    }
    at += scene.seconds;
  }
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}
