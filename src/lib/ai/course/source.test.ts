import { describe, expect, it } from "vitest";
import { extractSourceText } from "./source";

/** A one-page PDF whose text layer says `text` (offsets computed, so pdf.js reads it without repairs). */
function pdfWith(lines: string[]): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((l) => `(${l.replace(/[()\\]/g, (c) => `\\${c}`)}) '`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe("source material from a file", () => {
  it("a PDF's text layer, page count included", async () => {
    const out = await extractSourceText(pdfWith(["Sourdough needs a starter.", "Feed it daily."]), "notes.pdf");
    expect(out.pages).toBe(1);
    expect(out.text).toContain("Sourdough needs a starter.");
    expect(out.text).toContain("Feed it daily.");
    expect(out.truncated).toBe(false);
  });

  it("Markdown and text as UTF-8, line endings tidied; long text cut to what the prompts use", async () => {
    const md = await extractSourceText(new TextEncoder().encode("# Bread\r\n\r\n\r\n\r\nFlour, water, salt — ça marche."), "bread.md");
    expect(md.text).toBe("# Bread\n\nFlour, water, salt — ça marche.");
    const long = await extractSourceText(new TextEncoder().encode("x".repeat(70_000)), "long.txt");
    expect(long).toMatchObject({ truncated: true });
    expect(long.text).toHaveLength(60_000);
  });

  it("refuses what it cannot read, saying why", async () => {
    await expect(extractSourceText(new Uint8Array([0xff, 0xfe, 0x00, 0x81]), "notes.txt")).rejects.toThrow(/not text/);
    await expect(extractSourceText(new TextEncoder().encode("hello"), "notes.pdf")).rejects.toThrow(/not a PDF/);
    await expect(extractSourceText(new TextEncoder().encode("%PDF-1.4 broken"), "notes.pdf")).rejects.toThrow(/could not be read|no text/);
    await expect(extractSourceText(new TextEncoder().encode("hello"), "notes.docx")).rejects.toThrow(/PDF, Markdown/);
  });
});
