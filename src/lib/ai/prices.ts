/**
 * What AI work costs, in credits (1 credit = US$0.02: a 500-credit pack is $10). Prices are the providers'
 * list prices in US$ per million tokens (text) or per image, matched by model-name prefix (dated snapshots
 * such as claude-haiku-4-5-20251001 price as their family). A model not listed — a local model behind
 * OPENAI_BASE_URL, a new release — is priced as DEFAULT_TEXT_PRICE, so the meter never reads zero by accident.
 */
export const USD_PER_CREDIT = 0.02;

export type TextPrice = { inputPerMTok: number; outputPerMTok: number };

/** Longest prefix first is not needed: lookups take the longest matching prefix. */
export const TEXT_PRICES: Record<string, TextPrice> = {
  "claude-opus-4-5": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4": { inputPerMTok: 15, outputPerMTok: 75 },
  "claude-sonnet-4": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-haiku-4": { inputPerMTok: 1, outputPerMTok: 5 },
  "claude-3-5-haiku": { inputPerMTok: 0.8, outputPerMTok: 4 },
  "gpt-5-nano": { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  "gpt-5-mini": { inputPerMTok: 0.25, outputPerMTok: 2 },
  "gpt-5": { inputPerMTok: 1.25, outputPerMTok: 10 },
  "gpt-4.1-nano": { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  "gpt-4.1-mini": { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  "gpt-4.1": { inputPerMTok: 2, outputPerMTok: 8 },
  "gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  "gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10 },
  /** The labelled sample provider is metered like a small model, so the credit flow can be tried offline. */
  "sample-replay": { inputPerMTok: 1, outputPerMTok: 5 },
};
export const DEFAULT_TEXT_PRICE: TextPrice = { inputPerMTok: 3, outputPerMTok: 15 };

/** US$ per generated cover (landscape, standard quality). The local renderer costs nothing. */
export const IMAGE_PRICES: Record<string, number> = { "gpt-image-1-mini": 0.015, "gpt-image-1": 0.063, "dall-e-3": 0.08, "cover-svg": 0 };
export const DEFAULT_IMAGE_PRICE = 0.08;

function byPrefix<T>(table: Record<string, T>, model: string): T | undefined {
  let best: string | undefined;
  for (const key of Object.keys(table)) if (model.startsWith(key) && (!best || key.length > best.length)) best = key;
  return best === undefined ? undefined : table[best];
}

export function textPrice(model: string): TextPrice {
  return byPrefix(TEXT_PRICES, model) ?? DEFAULT_TEXT_PRICE;
}

/** Whole credits for one text call (rounded up: a call that used anything costs at least 1). */
export function textCredits(model: string, usage: { inputTokens: number; outputTokens: number }): number {
  const p = textPrice(model);
  const usd = (usage.inputTokens * p.inputPerMTok + usage.outputTokens * p.outputPerMTok) / 1_000_000;
  return usd > 0 ? Math.ceil(usd / USD_PER_CREDIT - 1e-9) : 0;
}

export function imageCredits(model: string): number {
  const usd = byPrefix(IMAGE_PRICES, model) ?? DEFAULT_IMAGE_PRICE;
  return usd > 0 ? Math.ceil(usd / USD_PER_CREDIT - 1e-9) : 0;
}

/** A rough token count for text not yet sent (about 3.5 characters a token in English; rounded up to stay on the safe side). */
export function tokensIn(text: string): number {
  return Math.ceil(text.length / 3.5);
}

const encoder = new TextEncoder();
/**
 * The most tokens a text can take, for holds: one per 2 bytes of UTF-8. English runs about 4 bytes a token;
 * Japanese, Chinese or Korean about one character (3 bytes) a token; emoji and base64 less — all covered.
 */
export function tokensAtMost(text: string): number {
  return Math.ceil(encoder.encode(text).byteLength / 2);
}
