import { describe, expect, it } from "vitest";
import { aiSetup, parseTaskModels } from "./config";
import { imageCredits, textCredits } from "./prices";

const none = {
  ANTHROPIC_API_KEY: undefined,
  OPENAI_API_KEY: undefined,
  OPENAI_BASE_URL: undefined,
  AI_TEXT_MODEL: undefined,
  AI_TASK_MODELS: "",
  AI_IMAGE_MODEL: undefined,
  AI_SAMPLE_PROVIDER: undefined,
  isLocalRoot: true,
};

describe("which provider and model answer each task", () => {
  it("no keys: the labelled sample provider locally, nothing on a public domain", () => {
    expect(aiSetup(none)).toMatchObject({ configured: false, sample: true, image: { provider: "local" } });
    expect(aiSetup(none).text?.lesson).toEqual({ provider: "sample", model: "sample-replay-1" });
    expect(aiSetup({ ...none, isLocalRoot: false })).toMatchObject({ configured: false, sample: false, text: null });
  });

  it("a key chooses its provider; OpenAI's own key also paints covers, a compatible server does not", () => {
    expect(aiSetup({ ...none, ANTHROPIC_API_KEY: "k" }).text?.outline).toEqual({ provider: "anthropic", model: "claude-sonnet-4-6" });
    expect(aiSetup({ ...none, OPENAI_API_KEY: "k" })).toMatchObject({ configured: true, image: { provider: "openai", model: "gpt-image-1" } });
    expect(aiSetup({ ...none, OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" })).toMatchObject({ configured: true, image: { provider: "local" } });
  });

  it("per-task models override the default; a task naming a provider without its key is a configuration error", () => {
    const s = aiSetup({ ...none, ANTHROPIC_API_KEY: "k", OPENAI_API_KEY: "k", AI_TASK_MODELS: "quiz=openai:gpt-4.1-nano, lesson=anthropic:claude-haiku-4-5" });
    expect(s.text).toMatchObject({
      quiz: { provider: "openai", model: "gpt-4.1-nano" },
      lesson: { model: "claude-haiku-4-5" },
      outline: { model: "claude-sonnet-4-6" },
    });
    expect(() => aiSetup({ ...none, ANTHROPIC_API_KEY: "k", AI_TASK_MODELS: "quiz=openai:gpt-4.1-nano" })).toThrow(/OPENAI_API_KEY/);
    expect(() => parseTaskModels("essay=openai:gpt-4.1")).toThrow(/task one of/);
    expect(() => parseTaskModels("quiz=gpt-4.1")).toThrow(/provider:model/);
  });
});

describe("prices in credits (1 credit = $0.02)", () => {
  it("per model family, rounded up; unknown models at the default price, never free", () => {
    // 10k in + 2k out on Sonnet: $0.03 + $0.03 = $0.06 → 3 credits.
    expect(textCredits("claude-sonnet-4-6-20260101", { inputTokens: 10_000, outputTokens: 2_000 })).toBe(3);
    expect(textCredits("gpt-4.1-mini", { inputTokens: 10_000, outputTokens: 2_000 })).toBe(1);
    expect(textCredits("llama-3.1-8b", { inputTokens: 10_000, outputTokens: 2_000 })).toBe(3);
    expect(textCredits("gpt-4.1", { inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(imageCredits("gpt-image-1")).toBe(4);
    expect(imageCredits("cover-svg")).toBe(0);
  });
});
