/**
 * What may be uploaded, checked on the bytes (not the browser's claimed type). Images are served
 * inline, so only raster formats a browser cannot run (no SVG, no HTML); files are always served as
 * attachments.
 */
export const UPLOAD_LIMITS = { image: 10 * 1024 * 1024, file: 100 * 1024 * 1024 } as const;
export type UploadKind = keyof typeof UPLOAD_LIMITS;

const IMAGE_SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/gif", test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  { type: "image/webp", test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  { type: "image/avif", test: (b) => ascii(b, 4, 8) === "ftyp" && /^avi[fs]$/.test(ascii(b, 8, 12)) },
];
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const FILE_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  zip: "application/zip",
  txt: "text/plain",
  csv: "text/csv",
  md: "text/markdown",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  epub: "application/epub+zip",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  psd: "image/vnd.adobe.photoshop",
  procreate: "application/zip",
  ai: "application/pdf",
};
export const FILE_EXTENSIONS = Object.keys(FILE_TYPES);

export type UploadCheck = { ok: true; contentType: string } | { ok: false; status: 413 | 415; message: string };

export function checkUpload(kind: UploadKind, filename: string, bytes: Uint8Array): UploadCheck {
  if (bytes.byteLength === 0) return { ok: false, status: 415, message: "The file is empty." };
  if (bytes.byteLength > UPLOAD_LIMITS[kind])
    return { ok: false, status: 413, message: `Files of this kind can be at most ${UPLOAD_LIMITS[kind] / 1024 / 1024} MB.` };
  if (kind === "image") {
    const hit = IMAGE_SIGNATURES.find((s) => s.test(bytes));
    return hit ? { ok: true, contentType: hit.type } : { ok: false, status: 415, message: "Images must be PNG, JPEG, GIF, WebP or AVIF." };
  }
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  const type = FILE_TYPES[ext];
  if (!type) return { ok: false, status: 415, message: `This file type is not accepted. Use one of: ${FILE_EXTENSIONS.join(", ")}.` };
  return { ok: true, contentType: type };
}

/** A filename safe to show and to put in Content-Disposition. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  return base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_").slice(0, 200) || "file";
}

/** Video containers we take, by extension; what the file really is comes from its first bytes (`sniffVideo`). */
export const VIDEO_EXTENSIONS = ["mp4", "m4v", "mov", "webm", "mkv", "avi"] as const;

/**
 * What a video file really is, from its first bytes (at least 12): an ISO-BMFF / QuickTime file, a
 * Matroska / WebM file or an AVI — else null (a PDF named .mp4 is null). The pipeline's probe then reads
 * the whole file.
 */
export function sniffVideo(b: Uint8Array): { contentType: string } | null {
  if (b.byteLength < 12) return null;
  const box = ascii(b, 4, 8);
  if (box === "ftyp") return { contentType: /^qt {2}$/.test(ascii(b, 8, 12)) ? "video/quicktime" : "video/mp4" };
  if (["moov", "mdat", "wide", "free", "skip"].includes(box)) return { contentType: "video/quicktime" };
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { contentType: "video/webm" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "AVI ") return { contentType: "video/x-msvideo" };
  return null;
}
