import { generateJSON } from "@tiptap/html/server";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { richTextExtensions } from "./extensions";
import { sanitizeRichHtml } from "./sanitize";
import { createStaticRenderer } from "./static-html";

/** A TipTap document as it arrives from the editor (shape only; the schema check is rendering it). */
export const tiptapDocSchema = z
  .object({ type: z.literal("doc"), content: z.array(z.record(z.string(), z.unknown())).optional() })
  .passthrough()
  .refine((d) => JSON.stringify(d).length <= 1_000_000, "This lesson is too long (over 1 MB). Split it into several lessons.");
export type TiptapDoc = z.infer<typeof tiptapDocSchema>;

/** A document the rich-text schema cannot take (unknown node, bad attribute): refused as invalid input. */
export class DocumentError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

let extensions: ReturnType<typeof richTextExtensions> | undefined;
const exts = () => (extensions ??= richTextExtensions());
let toHtml: ((json: Record<string, unknown>) => string) | undefined;

/**
 * The stored JSON → the HTML students see: rendered through the lesson schema (unknown nodes or
 * marks are refused), then sanitized. Also returns a rough reading time.
 */
export function renderRichText(doc: TiptapDoc): { html: string; readingSeconds: number } {
  let html: string;
  try {
    html = (toHtml ??= createStaticRenderer(exts()))(doc);
  } catch (err) {
    throw new DocumentError(`This document could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const clean = sanitizeRichHtml(html);
  const words = clean
    .replace(/<[^>]+>/g, " ")
    .split(/\s+/)
    .filter(Boolean).length;
  return { html: clean, readingSeconds: Math.ceil((words / 220) * 60) };
}

/** HTML (a paste, an import, the seed) → a lesson document, the way the editor reads pasted HTML (needs a DOM: happy-dom). */
export function htmlToRichText(html: string): TiptapDoc {
  return generateJSON(html, exts()) as TiptapDoc;
}
