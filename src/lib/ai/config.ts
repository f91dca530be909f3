import "server-only";
import { env, type Env } from "@/lib/env";
import { AiError } from "./errors";

/** The text tasks the product asks a model for; each has a prompt template (src/lib/ai/prompts) and may have its own model. */
export const AI_TASKS = ["outline", "outline_part", "lesson", "quiz", "course_copy", "cover_prompt", "summary", "narration"] as const;
export type AiTask = (typeof AI_TASKS)[number];

export type TextProviderId = "anthropic" | "openai" | "sample";
export type TextRoute = { provider: TextProviderId; model: string };
export type ImageRoute = { provider: "openai"; model: string } | { provider: "local"; model: "cover-svg" };

/** Models used when a key is present and nothing more is said. */
export const DEFAULT_MODELS = { anthropic: "claude-sonnet-4-6", openai: "gpt-4.1-mini", sample: "sample-replay-1", image: "gpt-image-1" } as const;

function parseRoute(value: string, where: string): TextRoute {
  const i = value.indexOf(":");
  const provider = value.slice(0, i) as TextProviderId;
  const model = value.slice(i + 1);
  if (i < 1 || !model || !["anthropic", "openai", "sample"].includes(provider))
    throw new AiError("not_configured", `${where}: "${value}" is not provider:model (anthropic, openai or sample).`);
  return { provider, model };
}

/** AI_TASK_MODELS → task → route; an unknown task or a malformed entry is a configuration error, never ignored. */
export function parseTaskModels(value: string): Partial<Record<AiTask, TextRoute>> {
  const out: Partial<Record<AiTask, TextRoute>> = {};
  for (const entry of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    const task = entry.slice(0, eq).trim() as AiTask;
    if (eq < 1 || !AI_TASKS.includes(task))
      throw new AiError("not_configured", `AI_TASK_MODELS: "${entry}" must be task=provider:model, task one of ${AI_TASKS.join(", ")}.`);
    out[task] = parseRoute(entry.slice(eq + 1).trim(), "AI_TASK_MODELS");
  }
  return out;
}

export type AiSetup = {
  /** A real provider is configured for text (not only the sample). */
  configured: boolean;
  /** The labelled sample provider is what answers (no provider configured, allowed here). */
  sample: boolean;
  text: Record<AiTask, TextRoute> | null;
  image: ImageRoute;
};

/** Which provider and model answer each task, from the environment. Pure: the tests pass their own. */
export function aiSetup(
  e: Pick<
    Env,
    "ANTHROPIC_API_KEY" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "AI_TEXT_MODEL" | "AI_TASK_MODELS" | "AI_IMAGE_MODEL" | "AI_SAMPLE_PROVIDER" | "isLocalRoot"
  >,
): AiSetup {
  const has = { anthropic: Boolean(e.ANTHROPIC_API_KEY), openai: Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL), sample: true };
  const sampleAllowed = e.AI_SAMPLE_PROVIDER ?? e.isLocalRoot;
  const base: TextRoute | null = e.AI_TEXT_MODEL
    ? parseRoute(e.AI_TEXT_MODEL, "AI_TEXT_MODEL")
    : has.anthropic
      ? { provider: "anthropic", model: DEFAULT_MODELS.anthropic }
      : has.openai
        ? { provider: "openai", model: DEFAULT_MODELS.openai }
        : sampleAllowed
          ? { provider: "sample", model: DEFAULT_MODELS.sample }
          : null;
  const overrides = parseTaskModels(e.AI_TASK_MODELS);
  let text: Record<AiTask, TextRoute> | null = null;
  if (base) {
    text = Object.fromEntries(AI_TASKS.map((t) => [t, overrides[t] ?? base])) as Record<AiTask, TextRoute>;
    for (const [task, route] of Object.entries(text)) {
      if (route.provider === "sample" && !sampleAllowed)
        throw new AiError("not_configured", `The sample provider is off here (AI_SAMPLE_PROVIDER); task ${task} has no model.`);
      if (route.provider !== "sample" && !has[route.provider])
        throw new AiError(
          "not_configured",
          `Task ${task} uses ${route.provider}, but ${route.provider === "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY or OPENAI_BASE_URL"} is not set.`,
        );
    }
  }
  const usesRealOpenAi = Boolean(e.OPENAI_API_KEY) && !e.OPENAI_BASE_URL;
  let image: ImageRoute = { provider: "local", model: "cover-svg" };
  if (e.AI_IMAGE_MODEL) {
    const [provider, model] = [e.AI_IMAGE_MODEL.slice(0, e.AI_IMAGE_MODEL.indexOf(":")), e.AI_IMAGE_MODEL.slice(e.AI_IMAGE_MODEL.indexOf(":") + 1)];
    if (provider === "openai") {
      if (!has.openai) throw new AiError("not_configured", "AI_IMAGE_MODEL uses openai, but OPENAI_API_KEY is not set.");
      image = { provider: "openai", model };
    }
  } else if (usesRealOpenAi) image = { provider: "openai", model: DEFAULT_MODELS.image };
  const configured = Boolean(text && Object.values(text).some((r) => r.provider !== "sample"));
  return { configured, sample: Boolean(text) && !configured, text, image };
}

let cached: AiSetup | undefined;
export function currentAiSetup(): AiSetup {
  cached ??= aiSetup(env());
  return cached;
}

export function routeFor(task: AiTask, setup: AiSetup = currentAiSetup()): TextRoute {
  const route = setup.text?.[task];
  if (!route)
    throw new AiError(
      "not_configured",
      "No AI provider is configured. Set ANTHROPIC_API_KEY, or OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server), then restart.",
    );
  return route;
}
