/** One request for a structured answer: the model must fill `tool` (its input is the answer). */
export type StructuredRequest = {
  model: string;
  system: string;
  messages: { role: "user" | "assistant"; content: string }[];
  tool: { name: string; description: string; schema: Record<string, unknown> };
  maxTokens: number;
  signal?: AbortSignal;
  /** Called as the answer streams in, with the JSON text so far. */
  onDelta?: (jsonSoFar: string) => void;
  /** Extra hints for the sample provider (which task is asked, and for what). */
  sampleHint?: { task: string; vars: Record<string, unknown> };
};

export type TokenUsage = { inputTokens: number; outputTokens: number };

export type StructuredResponse = {
  /** The JSON text of the answer (the tool's input, or the message in JSON mode). */
  raw: string;
  usage: TokenUsage;
  /** "max_tokens": the answer was cut off (its JSON is then usually unfinished). */
  stop: "done" | "max_tokens";
};

export interface TextProvider {
  readonly id: "anthropic" | "openai" | "sample";
  structured(req: StructuredRequest): Promise<StructuredResponse>;
}
