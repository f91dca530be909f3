import { describe, expect, it } from "vitest";
import { heygenError } from "./errors";
import { cleanScene, holdCredits, MAX_SCENE_CHARS, renderCredits, sceneHash, scenesToVtt, spokenSeconds, splitScript } from "./scenes";

describe("avatar scenes", () => {
  it("estimates spoken length at 150 words a minute (CJK characters as half a word), at least 2 s", () => {
    expect(spokenSeconds(Array(150).fill("word").join(" "))).toBe(60);
    expect(spokenSeconds("Hi.")).toBe(2);
    expect(spokenSeconds("你".repeat(300))).toBe(60);
    // Text with no spaces is still read out: counted by its characters (15 a second).
    expect(spokenSeconds(Array(200).fill("one").join(","))).toBe(Math.round(799 / 15));
  });

  it("sends scenes without markup: pause tags that would lengthen them unseen are removed", () => {
    expect(cleanScene('Wait <break time="10s"/> for it.\n\n<b>Now</b>')).toBe("Wait for it. Now");
  });

  it("splits a script into scenes at blank lines, and a long paragraph at sentence ends", () => {
    expect(splitScript("First scene.\n\n\nSecond  scene\nstill second.\n\n")).toEqual(["First scene.", "Second scene still second."]);
    const long = Array(60).fill("This sentence is here to make the paragraph long.").join(" ");
    const parts = splitScript(long);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= MAX_SCENE_CHARS && /\.$/.test(p))).toBe(true);
    expect(splitScript(Array(30).fill("Scene.").join("\n\n"))).toHaveLength(20);
  });

  it("keys a clip by what makes it: the same scene is the same clip, any change is another", () => {
    const base = { text: "Hello there.", avatarId: "a", voiceId: "v", background: "#FFFFFF", renderer: "heygen" };
    expect(sceneHash(base)).toBe(sceneHash({ ...base, text: " Hello   there. ", background: "#ffffff" }));
    for (const change of [{ text: "Hello." }, { avatarId: "b" }, { voiceId: "w" }, { background: "#000000" }, { renderer: "sample" }])
      expect(sceneHash({ ...base, ...change })).not.toBe(sceneHash(base));
  });

  it("prices by length, rounded up to the credit; holds a quarter more", () => {
    expect(renderCredits(60, 60)).toBe(60);
    expect(renderCredits(61, 60)).toBe(61);
    expect(renderCredits(1, 50)).toBe(1);
    expect(renderCredits(0, 60)).toBe(0);
    expect(holdCredits(60, 60)).toBe(75);
  });

  it("writes captions timed by scene, escaped, in cues of at most two lines of 42", () => {
    const vtt = scenesToVtt([
      { text: "One. Two <b>bold</b> & more.", seconds: 4 },
      { text: "Three.", seconds: 6.5 },
    ]);
    expect(vtt.startsWith("WEBVTT\n\n")).toBe(true);
    expect(vtt).toContain("00:00:04.000 --> 00:00:10.500\nThree.");
    expect(vtt).toContain("&lt;b>bold&lt;/b> &amp; more.");
    expect(vtt).not.toContain("<b>");
    const cues = scenesToVtt([{ text: Array(40).fill("word").join(" ") + ".", seconds: 10 }])
      .split("\n\n")
      .slice(1);
    for (const cue of cues) for (const line of cue.split("\n").slice(1)) expect(line.length).toBeLessThanOrEqual(42);
    expect(cues.every((c) => c.split("\n").length <= 3)).toBe(true);
  });
});

describe("HeyGen errors in the creator's words", () => {
  it("maps HeyGen's statuses and codes", () => {
    expect(heygenError(401, { code: "authentication_failed", message: "Invalid API key" }).avatarCode).toBe("not_configured");
    expect(heygenError(400, { code: "insufficient_credit", message: "not enough credits" }).avatarCode).toBe("quota");
    expect(heygenError(400, { code: "avatar_not_found", message: "avatar not found" }).avatarCode).toBe("invalid_avatar");
    expect(heygenError(400, { code: "voice_not_found", message: "voice not found" }).avatarCode).toBe("invalid_voice");
    expect(heygenError(400, { code: "invalid_parameter", message: "input_text too long, must be less than 5000 characters" }).avatarCode).toBe("too_long");
    expect(heygenError(400, { code: 40119, message: "moderation rejected the script" }).avatarCode).toBe("rejected");
    expect(heygenError(429, null)).toMatchObject({ avatarCode: "rate_limited", retryable: true });
    expect(heygenError(503, null)).toMatchObject({ avatarCode: "unavailable", retryable: true });
  });
});
