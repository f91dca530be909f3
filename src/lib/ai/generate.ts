import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { currentAiSetup, routeFor, type AiSetup, type AiTask, type TextRoute } from "./config";
import { AiError } from "./errors";
import { textCredits, tokensAtMost, tokensIn } from "./prices";
import { templateRef } from "./prompts";
import { toolSchema, type PromptTemplate } from "./prompts/template";
import { anthropicProvider } from "./providers/anthropic";
import { openaiProvider } from "./providers/openai";
import { sampleProvider } from "./providers/sample";
import type { StructuredRequest, TextProvider } from "./providers/types";

/** What one request to a model cost: recorded for every call, whatever came of it. */
export type AiCall = {
  task: AiTask;
  template: string;
  provider: TextRoute["provider"];
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  credits: number;
  /** "invalid": answered, but not in the shape asked (then mended or refused). */
  outcome: "ok" | "invalid";
};

const providers = new Map<string, TextProvider>();

/** The SDK client for a provider, made once per process from the environment. */
export function textProvider(id: TextRoute["provider"]): TextProvider {
  let p = providers.get(id);
  if (p) return p;
  const e = env();
  const timeoutMs = e.AI_TIMEOUT_SECONDS * 1000;
  if (id === "anthropic") p = anthropicProvider({ apiKey: e.ANTHROPIC_API_KEY ?? "", baseURL: e.ANTHROPIC_BASE_URL, timeoutMs });
  else if (id === "openai") p = openaiProvider({ apiKey: e.OPENAI_API_KEY ?? "local", baseURL: e.OPENAI_BASE_URL, timeoutMs });
  else p = sampleProvider();
  providers.set(id, p);
  return p;
}

/** For the tests: make the clients again (after the environment changed). */
export function resetProviders() {
  providers.clear();
}

const MAX_ISSUES = 6;
function problems(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.map(String).join(".") || "(answer)"}: ${i.message}`)
    .join("; ");
}

/**
 * One template's answer from its model: streamed (`onPartial` gets the JSON so far), validated with the
 * template's zod schema and checks. A malformed or incomplete answer is shown its problems and asked
 * once more; a second bad answer fails with a clear message. Every call is reported to `onCall` (the
 * caller meters it inside its credit hold) — including the bad ones, which used tokens too.
 */
export async function generate<V, O>(opts: {
  template: PromptTemplate<V, O>;
  vars: V;
  signal?: AbortSignal;
  onPartial?: (jsonSoFar: string) => void;
  onCall: (call: AiCall) => Promise<void> | void;
  setup?: AiSetup;
}): Promise<{ value: O; route: TextRoute }> {
  const { template, vars } = opts;
  const route = routeFor(template.task, opts.setup ?? currentAiSetup());
  const provider = textProvider(route.provider);
  const { system, user } = template.render(vars);
  const messages: StructuredRequest["messages"] = [{ role: "user", content: user }];
  const tool = { ...template.tool, schema: toolSchema(template as PromptTemplate<unknown, unknown>) };
  let lastProblem = "";
  for (let attempt = 0; attempt < 2; attempt++) {
    if (opts.signal?.aborted) throw new AiError("canceled", "Canceled.");
    const started = performance.now();
    let res: Awaited<ReturnType<TextProvider["structured"]>>;
    try {
      res = await provider.structured({
        model: route.model,
        system,
        messages,
        tool,
        maxTokens: template.maxTokens(vars),
        signal: opts.signal,
        onDelta: opts.onPartial,
        sampleHint: { task: template.task, vars: vars as Record<string, unknown> },
      });
    } catch (err) {
      // A refusal or a request stopped part way used tokens too: recorded (its work is not delivered, so not captured).
      if (err instanceof AiError && err.usage)
        await opts.onCall({
          task: template.task,
          template: templateRef(template),
          provider: route.provider,
          model: route.model,
          ...err.usage,
          latencyMs: Math.round(performance.now() - started),
          credits: textCredits(route.model, err.usage),
          outcome: "invalid",
        });
      throw err;
    }
    const latencyMs = Math.round(performance.now() - started);
    let value: O | undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.raw);
    } catch {
      lastProblem = res.stop === "max_tokens" ? "the answer was cut off before it ended (too long)" : "the answer was not valid JSON";
    }
    if (parsed !== undefined) {
      const checked = template.output.safeParse(parsed);
      if (!checked.success) lastProblem = problems(checked.error);
      else {
        const issue = template.check?.(checked.data, vars) ?? null;
        if (issue) lastProblem = issue;
        else value = checked.data;
      }
    }
    const call: AiCall = {
      task: template.task,
      template: templateRef(template),
      provider: route.provider,
      model: route.model,
      inputTokens: res.usage.inputTokens,
      outputTokens: res.usage.outputTokens,
      latencyMs,
      credits: textCredits(route.model, res.usage),
      outcome: value === undefined ? "invalid" : "ok",
    };
    await opts.onCall(call);
    if (value !== undefined) return { value, route };
    logger.warn("ai.invalid_answer", { template: call.template, provider: route.provider, model: route.model, attempt, problem: lastProblem.slice(0, 300) });
    messages.push(
      { role: "assistant", content: res.raw.slice(0, 20_000) || "(no answer)" },
      { role: "user", content: `That answer cannot be used: ${lastProblem}. Call the ${template.tool.name} tool again with a complete, corrected answer.` },
    );
  }
  throw new AiError("invalid_output", `The AI's answer did not come out right twice (${lastProblem.slice(0, 200)}). Nothing was saved; try again.`, {
    retryable: true,
  });
}

/**
 * The most one template's answer may cost, in credits: the prompt plus the longest answer allowed, twice
 * (a malformed first answer is asked again once). Holds are made of this, so a run never needs more.
 */
export function worstCaseCredits<V, O>(template: PromptTemplate<V, O>, vars: V, setup: AiSetup = currentAiSetup()): number {
  const route = routeFor(template.task, setup);
  const { system, user } = template.render(vars);
  const input = tokensAtMost(system + user) + 200;
  const max = template.maxTokens(vars);
  return textCredits(route.model, { inputTokens: input, outputTokens: max }) + textCredits(route.model, { inputTokens: input + max + 100, outputTokens: max });
}

/** What one answer usually costs (the prompt and about half the longest answer): the wizard's estimate. */
export function typicalCredits<V, O>(template: PromptTemplate<V, O>, vars: V, setup: AiSetup = currentAiSetup()): number {
  const route = routeFor(template.task, setup);
  const { system, user } = template.render(vars);
  return textCredits(route.model, { inputTokens: tokensIn(system + user), outputTokens: Math.round(template.maxTokens(vars) * 0.5) });
}
