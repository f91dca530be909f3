import { Readable } from "node:stream";
import busboy from "busboy";

export type SingleFile = { ok: true; filename: string; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string };

/**
 * Read the one file of a multipart/form-data request as it streams in, counting bytes: past `maxBytes`
 * the stream is abandoned at once and the answer is 413 (a chunked body declares no length, so the
 * count is the only check that holds). Other fields are ignored; a second file is refused.
 */
export async function readSingleFile(request: Request, opts: { field: string; maxBytes: number; tooLarge: string }): Promise<SingleFile> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data") || !request.body)
    return { ok: false, status: 400, message: "Send the file as multipart/form-data." };
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": type }, limits: { files: 1, fileSize: opts.maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
  } catch {
    return { ok: false, status: 400, message: "Send the file as multipart/form-data." };
  }
  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  return new Promise<SingleFile>((resolve) => {
    let settled = false;
    let file: { filename: string; chunks: Buffer[]; size: number } | null = null;
    const finish = (r: SingleFile) => {
      if (settled) return;
      settled = true;
      if (!r.ok) {
        body.unpipe(parser);
        body.destroy();
      }
      resolve(r);
    };
    parser.on("file", (name, stream, info) => {
      if (name !== opts.field || file) {
        stream.resume();
        return;
      }
      const current = { filename: info.filename ?? "file", chunks: [] as Buffer[], size: 0 };
      file = current;
      stream.on("data", (chunk: Buffer) => {
        current.size += chunk.length;
        current.chunks.push(chunk);
      });
      stream.on("limit", () => finish({ ok: false, status: 413, message: opts.tooLarge }));
    });
    parser.on("filesLimit", () => finish({ ok: false, status: 400, message: "Send one file at a time." }));
    parser.on("error", () => finish({ ok: false, status: 400, message: "The upload was not a valid multipart/form-data body." }));
    parser.on("close", () => {
      if (!file) return finish({ ok: false, status: 400, message: "No file was attached." });
      finish({ ok: true, filename: file.filename, bytes: new Uint8Array(Buffer.concat(file.chunks, file.size)) });
    });
    body.on("error", () => finish({ ok: false, status: 400, message: "The upload was interrupted. Please try again." }));
    body.pipe(parser);
  });
}
