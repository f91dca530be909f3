import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type RGB } from "pdf-lib";
import { format } from "date-fns";

/**
 * A certificate of completion as a one-page A4 landscape PDF, drawn on the server with pdf-lib: the
 * school's name (and logo when it is a PNG or JPEG), its brand colour, the student's name, the course,
 * the date, and the serial with the address where anyone can check it. DejaVu fonts are embedded
 * (subset), so names in Latin, Greek and Cyrillic scripts print as written.
 */
export type CertificateInput = {
  schoolName: string;
  primaryColor: string;
  logo: { bytes: Uint8Array; type: "png" | "jpeg" } | null;
  recipientName: string;
  courseTitle: string;
  issuedAt: Date;
  serial: string;
  verifyUrl: string;
};

const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
let fonts: Promise<{ serif: Uint8Array; serifBold: Uint8Array; sans: Uint8Array }> | null = null;
const loadFonts = () =>
  (fonts ??= Promise.all(["DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSans.ttf"].map((f) => readFile(path.join(FONT_DIR, f)))).then(
    ([serif, serifBold, sans]) => ({ serif: serif!, serifBold: serifBold!, sans: sans! }),
  ));

function hexColor(hex: string): RGB {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m ? parseInt(m[1]!, 16) : 0x4f46e5;
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** Shrink a line until it fits the width (long names and titles), never below 12pt. */
function fit(font: PDFFont, line: { text: string; size: number; maxWidth: number }): number {
  let s = line.size;
  while (s > 12 && font.widthOfTextAtSize(line.text, s) > line.maxWidth) s -= 1;
  return s;
}

export async function renderCertificatePdf(c: CertificateInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`Certificate of completion — ${c.courseTitle}`);
  doc.setAuthor(c.schoolName);
  doc.setSubject(`Serial ${c.serial}`);
  doc.setProducer("Courseforge");
  doc.setCreationDate(c.issuedAt);
  const f = await loadFonts();
  const serif = await doc.embedFont(f.serif, { subset: true });
  const bold = await doc.embedFont(f.serifBold, { subset: true });
  const sans = await doc.embedFont(f.sans, { subset: true });
  const page = doc.addPage([841.89, 595.28]);
  const { width, height } = page.getSize();
  const brand = hexColor(c.primaryColor);
  const ink = rgb(0.15, 0.15, 0.17);
  const muted = rgb(0.42, 0.42, 0.46);
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: brand, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: width - 68, height: height - 68, borderColor: brand, borderWidth: 0.75, opacity: 0 });
  const center = (text: string, at: { y: number; font: PDFFont; size: number; color?: RGB }) => {
    const { y, font, size, color = ink } = at;
    const s = fit(font, { text, size, maxWidth: width - 140 });
    page.drawText(text, { x: (width - font.widthOfTextAtSize(text, s)) / 2, y, size: s, font, color });
  };
  let top = height - 90;
  if (c.logo) {
    try {
      const img = c.logo.type === "png" ? await doc.embedPng(c.logo.bytes) : await doc.embedJpg(c.logo.bytes);
      const scaled = img.scaleToFit(220, 56);
      page.drawImage(img, { x: (width - scaled.width) / 2, y: top - scaled.height + 20, width: scaled.width, height: scaled.height });
      top -= scaled.height + 6;
    } catch {
      center(c.schoolName, { y: top, font: bold, size: 20, color: brand });
      top -= 30;
    }
  } else {
    center(c.schoolName, { y: top, font: bold, size: 20, color: brand });
    top -= 30;
  }
  center("CERTIFICATE OF COMPLETION", { y: top - 30, font: sans, size: 14, color: muted });
  center("This certifies that", { y: top - 80, font: serif, size: 16, color: muted });
  center(c.recipientName, { y: top - 130, font: bold, size: 40 });
  page.drawLine({ start: { x: width / 2 - 200, y: top - 145 }, end: { x: width / 2 + 200, y: top - 145 }, thickness: 1, color: brand });
  center("has completed the course", { y: top - 180, font: serif, size: 16, color: muted });
  center(c.courseTitle, { y: top - 220, font: bold, size: 26, color: brand });
  center(`${format(c.issuedAt, "d MMMM yyyy")} · ${c.schoolName}`, { y: top - 260, font: serif, size: 14 });
  center(`Serial ${c.serial} · verify at ${c.verifyUrl}`, { y: 56, font: sans, size: 9, color: muted });
  return doc.save();
}
