import "server-only";
import sharp from "sharp";

const W = 1600;
const H = 900;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const color = (c: string, fallback: string) => (/^#[0-9a-f]{6}$/i.test(c) ? c : fallback);

/** Words → lines of at most `max` characters (a word longer than that gets a line of its own). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + " " + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A small deterministic number stream from the title (the same course always gets the same picture). */
function seeded(text: string) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

/**
 * A cover drawn on this machine when no image model is configured: the school's two brand colours as a
 * gradient, soft shapes placed from the title, the title and the school's name. 1600×900 PNG.
 */
export async function drawCover(input: { title: string; schoolName: string; primaryColor: string; accentColor: string }): Promise<Buffer> {
  const a = color(input.primaryColor, "#4f46e5");
  const b = color(input.accentColor, "#0ea5e9");
  const rnd = seeded(input.title);
  const shapes = Array.from({ length: 7 }, () => {
    const r = 80 + rnd() * 260;
    return `<circle cx="${Math.round(rnd() * W)}" cy="${Math.round(rnd() * H)}" r="${Math.round(r)}" fill="#fff" fill-opacity="${(0.05 + rnd() * 0.1).toFixed(2)}"/>`;
  }).join("");
  const title = input.title.trim().slice(0, 120);
  const size = title.length > 60 ? 72 : title.length > 32 ? 88 : 110;
  const lines = wrap(title, Math.floor(1300 / (size * 0.55))).slice(0, 4);
  const top = H / 2 - ((lines.length - 1) * size * 1.15) / 2 + size * 0.35;
  const text = lines
    .map((l, i) => `<text x="120" y="${Math.round(top + i * size * 1.15)}" font-size="${size}" font-weight="700">${escapeXml(l)}</text>`)
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#g)"/>${shapes}
<rect x="120" y="${Math.round(top - size - 40)}" width="120" height="10" rx="5" fill="#fff" fill-opacity="0.85"/>
<g fill="#fff" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">${text}
<text x="120" y="${H - 90}" font-size="40" fill-opacity="0.9">${escapeXml(input.schoolName.slice(0, 80))}</text></g>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
