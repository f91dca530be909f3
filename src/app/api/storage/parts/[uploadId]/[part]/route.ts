import { Readable } from "node:stream";
import { verifyToken } from "@/lib/crypto/signed-token";
import { isStorageError, localStorageDriver, MAX_PARTS } from "@/lib/storage";
import { partSubject } from "@/lib/storage/local";

/**
 * PUT /api/storage/parts/<uploadId>/<partNumber>?token=… — the local-disk driver's presigned part URL
 * (what R2's would be): the token, made when the part was signed, is bound to this upload and part and
 * expires, and to its exact length; the body streams to disk (never held in memory) and the answer carries
 * the part's ETag.
 * Only on the embedded default; with S3/R2 parts go to the bucket and this is 404.
 */
const MAX_PART_BYTES = 256 * 1024 * 1024;
const xmlError = (status: number, code: string, message: string) =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { "content-type": "application/xml" },
  });

export async function PUT(request: Request, { params }: { params: Promise<{ uploadId: string; part: string }> }): Promise<Response> {
  const storage = localStorageDriver();
  if (!storage) return xmlError(404, "NotFound", "Not found.");
  const { uploadId, part } = await params;
  const partNumber = Number(part);
  if (!/^[0-9a-f]{32}$/.test(uploadId) || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS)
    return xmlError(404, "NoSuchUpload", "The upload does not exist.");
  const q = new URL(request.url).searchParams;
  const token = q.get("token") ?? "";
  const length = Number(q.get("len"));
  if (
    !Number.isInteger(length) ||
    length < 1 ||
    length > MAX_PART_BYTES ||
    !verifyToken({ purpose: "storage-part", subject: partSubject(uploadId, partNumber, length), token })
  )
    return xmlError(403, "AccessDenied", "The signature is invalid or has expired.");
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) !== length) return xmlError(400, "IncompleteBody", `The part must be exactly ${length} bytes.`);
  if (!request.body) return xmlError(400, "IncompleteBody", "The part is empty.");
  try {
    const written = await storage.writePart({
      uploadId,
      partNumber,
      body: Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>),
      length,
    });
    return new Response(null, { status: 200, headers: { etag: written.etag, "access-control-expose-headers": "ETag" } });
  } catch (err) {
    if (isStorageError(err)) return xmlError(err.code === "NoSuchUpload" ? 404 : 400, err.code, err.message);
    return xmlError(400, "IncompleteBody", "The part was interrupted.");
  }
}
