import "server-only";
import path from "node:path";
import { DomainError } from "@/lib/errors";
import { MAX_SOURCE_CHARS } from "./brief";

/** Files a brief's source material can come from, and the largest one taken. */
export const SOURCE_TYPES = [".pdf", ".md", ".markdown", ".txt"] as const;
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;
const MAX_PDF_PAGES = 500;
const MAX_PDF_MS = 20_000;

/**
 * The text of an uploaded PDF (its text layer, through unpdf/pdf.js), Markdown or plain-text file, cut to
 * what the prompts take. A scanned PDF with no text, a binary file or a wrong extension is refused clearly.
 */
export async function extractSourceText(bytes: Uint8Array, filename: string): Promise<{ text: string; truncated: boolean; pages?: number }> {
  const ext = path.extname(filename).toLowerCase();
  if (!(SOURCE_TYPES as readonly string[]).includes(ext)) throw new DomainError("invalid", "Use a PDF, Markdown (.md) or text (.txt) file.");
  let text: string;
  let pages: number | undefined;
  if (ext === ".pdf") {
    if (!(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) throw new DomainError("invalid", "This file is not a PDF.");
    const { getDocumentProxy } = await import("unpdf");
    // Page by page, stopping once there is enough text, at MAX_PDF_PAGES or after MAX_PDF_MS: a huge or
    // booby-trapped PDF costs a bounded amount of work, and a page's parse yields to other requests between pages.
    const started = Date.now();
    const parts: string[] = [];
    let chars = 0;
    try {
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      pages = pdf.numPages;
      for (let n = 1; n <= Math.min(pdf.numPages, MAX_PDF_PAGES) && chars < MAX_SOURCE_CHARS && Date.now() - started < MAX_PDF_MS; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        const pageText = content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join("");
        page.cleanup();
        parts.push(pageText);
        chars += pageText.length;
      }
      await pdf.cleanup();
    } catch {
      throw new DomainError("invalid", "This PDF could not be read (it may be damaged or password-protected).");
    }
    text = parts.join("\n\n");
    if (!text.trim()) throw new DomainError("invalid", "This PDF has no text to read (a scan?). Paste the text instead.");
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DomainError("invalid", "This file is not text (UTF-8). Use a PDF, Markdown or text file.");
    }
    if (text.includes("\u0000")) throw new DomainError("invalid", "This file is not text. Use a PDF, Markdown or text file.");
  }
  text = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const truncated = text.length > MAX_SOURCE_CHARS;
  return { text: truncated ? text.slice(0, MAX_SOURCE_CHARS) : text, truncated, pages };
}
