import "server-only";
import OpenAI from "openai";
import { env } from "@/lib/env";
import { currentAiSetup, type AiSetup } from "./config";
import { drawCover } from "./cover";
import { AiError } from "./errors";
import { generate, type AiCall } from "./generate";
import { imageCredits } from "./prices";
import { coverPromptTemplate } from "./prompts";
import type { Brief } from "./course/brief";
import { mapSdkError } from "./providers/sdk-errors";

export type ImageCall = { task: "cover"; template: string; provider: "openai" | "local"; model: string; latencyMs: number; credits: number; outcome: "ok" };

/**
 * A course cover. With an image model (OpenAI's gpt-image / DALL·E): a text model writes the picture's
 * prompt (no words in it), the image model paints it. Without one: drawn here from the title and the
 * school's colours (src/lib/ai/cover.ts). Both calls are reported to `onCall` to be metered.
 */
export async function makeCover(opts: {
  brief: Brief;
  title: string;
  schoolName: string;
  colors: { primary: string; accent: string };
  signal?: AbortSignal;
  onCall: (call: AiCall | ImageCall) => Promise<void> | void;
  setup?: AiSetup;
}): Promise<{ png: Buffer; model: string }> {
  const setup = opts.setup ?? currentAiSetup();
  if (setup.image.provider === "local") {
    const png = await drawCover({ title: opts.title, schoolName: opts.schoolName, primaryColor: opts.colors.primary, accentColor: opts.colors.accent });
    await opts.onCall({ task: "cover", template: "cover-svg@1", provider: "local", model: "cover-svg", latencyMs: 0, credits: 0, outcome: "ok" });
    return { png, model: "cover-svg" };
  }
  const { value } = await generate({
    template: coverPromptTemplate,
    vars: { brief: opts.brief, title: opts.title, colors: [opts.colors.primary, opts.colors.accent] },
    signal: opts.signal,
    onCall: opts.onCall,
    setup,
  });
  const e = env();
  const client = new OpenAI({ apiKey: e.OPENAI_API_KEY ?? "", baseURL: e.OPENAI_BASE_URL, timeout: e.AI_TIMEOUT_SECONDS * 1000, maxRetries: 2 });
  const model = setup.image.model;
  const started = performance.now();
  let b64: string | undefined;
  try {
    const res = await client.images.generate(
      {
        model,
        prompt: value.prompt,
        n: 1,
        size: model.startsWith("dall-e") ? "1792x1024" : "1536x1024",
        ...(model.startsWith("dall-e") ? { response_format: "b64_json" as const } : {}),
      },
      { signal: opts.signal },
    );
    b64 = res.data?.[0]?.b64_json ?? undefined;
  } catch (err) {
    throw mapSdkError(err, "OpenAI", OpenAI);
  }
  if (!b64) throw new AiError("provider_error", "The image model returned no picture. Try again.");
  await opts.onCall({
    task: "cover",
    template: "image@1",
    provider: "openai",
    model,
    latencyMs: Math.round(performance.now() - started),
    credits: imageCredits(model),
    outcome: "ok",
  });
  return { png: Buffer.from(b64, "base64"), model };
}
