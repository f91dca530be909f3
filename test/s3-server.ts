import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { SignatureV4 } from "@smithy/signature-v4";

/**
 * A real S3-compatible server for tests: s3rver (the S3 REST API with its XML, multipart create / upload
 * part / complete, objects on disk), started on a free port with one private bucket. Where s3rver falls
 * short of R2 it is completed here, on its own store:
 * - it parses SigV4 but does not verify it, so every request's signature (Authorization header or
 *   presigned query) is recomputed with AWS's own signer (@smithy/signature-v4) and compared, expiry
 *   included; a request with no signature is refused, like a private bucket;
 * - it lacks ListParts, AbortMultipartUpload and ListMultipartUploads, added below, and its completion
 *   neither checks the parts' ETags nor survives a missing part, so completion is done here as S3 does it.
 */
const require = createRequire(import.meta.url);

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: SourceData): Buffer =>
  typeof d === "string" ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

class Sha256 {
  private readonly h: crypto.Hash | crypto.Hmac;
  constructor(secret?: SourceData) {
    this.h = secret ? crypto.createHmac("sha256", bytesOf(secret)) : crypto.createHash("sha256");
  }
  update(data: SourceData) {
    this.h.update(bytesOf(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const AUTH_QUERY = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"];
const amzDate = (d: string) => new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);

/** Recompute the request's SigV4 signature with the secret of its access key; null when it matches, else why not. */
async function sigV4Problem(
  req: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
  secrets: Record<string, string>,
): Promise<string | null> {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const header = (n: string) => {
    const v = req.headers[n.toLowerCase()];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const auth = header("authorization");
  const presigned = "X-Amz-Signature" in query;
  const m = auth
    ? /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth)
    : presigned
      ? /^([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request$/.exec(query["X-Amz-Credential"] ?? "")
      : null;
  if (!m) return "not signed with AWS4-HMAC-SHA256";
  const [, accessKeyId, , region] = m as unknown as [string, string, string, string];
  const secretAccessKey = secrets[accessKeyId!];
  if (!secretAccessKey) return "unknown access key";
  const signedHeaders = (auth ? m[4]! : (query["X-Amz-SignedHeaders"] ?? "")).split(";");
  const given = auth ? m[5]! : query["X-Amz-Signature"]!;
  const date = auth ? header("x-amz-date") : query["X-Amz-Date"];
  if (!date || !/^\d{8}T\d{6}Z$/.test(date)) return "no date";
  const signingDate = amzDate(date);
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) headers[h] = header(h) ?? "";
  const signer = new SignatureV4({
    credentials: { accessKeyId: accessKeyId!, secretAccessKey },
    region: region!,
    service: "s3",
    sha256: Sha256,
    uriEscapePath: false,
  });
  const request = { method: req.method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers };
  if (auth) {
    const signed = await signer.sign(request, { signingDate, signableHeaders: new Set(signedHeaders) });
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
    return expected === given ? null : "signature does not match";
  }
  const expires = Number(query["X-Amz-Expires"]);
  if (!(expires > 0) || signingDate.getTime() + expires * 1000 < Date.now()) return "expired";
  for (const k of AUTH_QUERY) delete query[k];
  // The presigner put the payload hash in the query (as it is); the signer reads it from a header, neither hoisted nor signed.
  const hash = new Set(["x-amz-content-sha256"]);
  if (query["X-Amz-Content-Sha256"]) request.headers["x-amz-content-sha256"] = query["X-Amz-Content-Sha256"];
  const signed = await signer.presign(request, {
    signingDate,
    expiresIn: expires,
    signableHeaders: new Set(signedHeaders),
    unhoistableHeaders: hash,
    unsignableHeaders: hash,
  });
  return signed.query?.["X-Amz-Signature"] === given ? null : "signature does not match";
}

export const S3_TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

type Ctx = {
  req: { method: string; url: string; headers: Record<string, string | string[] | undefined> };
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  status: number;
  body: unknown;
  store: {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string }>;
  };
};
type Next = () => Promise<unknown>;

export async function startS3Server({ bucket = "courseforge-test" }: { bucket?: string } = {}) {
  const S3rver = require("s3rver");
  const S3Error = require("s3rver/lib/models/error");
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: !process.env.S3RVER_LOG,
    directory,
    configureBuckets: [{ name: bucket }],
    resetOnClose: true,
  });

  const uploadsDir = (ctx: Ctx, b: string) => ctx.store.getResourcePath(b, undefined, "uploads");
  const partsOf = async (ctx: Ctx, bucketName: string) => {
    const uploadId = ctx.query.uploadId ?? "";
    const dir = path.join(uploadsDir(ctx, bucketName), uploadId);
    const key = /^[0-9a-f]+$/.test(uploadId) ? await fs.readFile(path.join(dir, "key"), "utf8").catch(() => null) : null;
    if (key === null) throw new S3Error("NoSuchUpload", "The specified upload does not exist.", { UploadId: uploadId });
    return { dir, key };
  };
  const listUploads = async (ctx: Ctx, bucketName: string) => {
    const dir = uploadsDir(ctx, bucketName);
    const uploads = [];
    for (const id of await fs.readdir(dir).catch(() => [] as string[])) {
      const stat = await fs.stat(path.join(dir, id, "key")).catch(() => null);
      if (stat) uploads.push({ Key: await fs.readFile(path.join(dir, id, "key"), "utf8"), UploadId: id, Initiated: stat.mtime.toISOString() });
    }
    ctx.body = { ListMultipartUploadsResult: { Bucket: bucketName, IsTruncated: false, Upload: uploads } };
  };
  const listParts = async (ctx: Ctx, bucketName: string) => {
    const { dir, key } = await partsOf(ctx, bucketName);
    const names = (await fs.readdir(dir)).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
    const parts = [];
    for (const n of names) {
      const [stat, md5] = await Promise.all([fs.stat(path.join(dir, n)), fs.readFile(path.join(dir, `${n}.md5`), "utf8").catch(() => null)]);
      if (md5) parts.push({ PartNumber: Number(n), ETag: `"${md5}"`, Size: stat.size, LastModified: stat.mtime.toISOString() });
    }
    ctx.body = { ListPartsResult: { Bucket: bucketName, Key: key, UploadId: ctx.query.uploadId, IsTruncated: false, Part: parts } };
  };
  /** Complete, refusing (as S3 does) a part that was not uploaded or whose ETag differs — s3rver would crash on a missing part. */
  const complete = async (ctx: Ctx, bucketName: string) => {
    const { dir, key } = await partsOf(ctx, bucketName);
    const xml = await new Promise<string>((resolve, reject) => {
      let body = "";
      (ctx.req as unknown as NodeJS.ReadableStream).on("data", (d: Buffer) => (body += d.toString("utf8")));
      (ctx.req as unknown as NodeJS.ReadableStream).on("end", () => resolve(body));
      (ctx.req as unknown as NodeJS.ReadableStream).on("error", reject);
    });
    const parts = [
      ...xml.matchAll(/<Part>\s*(?:<ETag>([^<]*)<\/ETag>\s*<PartNumber>(\d+)<\/PartNumber>|<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>)/g),
    ].map((m) => ({ number: Number(m[2] ?? m[3]), etag: (m[1] ?? m[4] ?? "").replace(/&quot;|"/g, "") }));
    if (!parts.length) throw new S3Error("MalformedXML", "The XML you provided was not well-formed.");
    for (const p of parts) {
      const md5 = await fs.readFile(path.join(dir, `${p.number}.md5`), "utf8").catch(() => null);
      if (md5 !== p.etag) throw new S3Error("InvalidPart", "One or more of the specified parts could not be found.");
    }
    const { md5 } = await ctx.store.putObjectMultipart(bucketName, ctx.query.uploadId!, parts);
    ctx.body = { CompleteMultipartUploadResult: { Bucket: bucketName, Key: key, ETag: JSON.stringify(md5) } };
  };
  const abort = async (ctx: Ctx, bucketName: string) => {
    const { dir } = await partsOf(ctx, bucketName);
    await fs.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = null;
  };
  // Before s3rver's own routes (the last middleware), after its XML encoding and error handling.
  const own = server.middleware.pop();
  server.use(async (ctx: Ctx, next: Next) => {
    const problem = await sigV4Problem(ctx.req, { [S3_TEST_CREDENTIALS.accessKeyId]: S3_TEST_CREDENTIALS.secretAccessKey });
    if (problem === "expired") throw new S3Error("AccessDenied", "Request has expired");
    if (problem) throw new S3Error(problem.includes("match") ? "SignatureDoesNotMatch" : "AccessDenied", `Access Denied: ${problem}`);
    const [, bucketName = "", ...rest] = ctx.path.split("/");
    const hasKey = rest.join("/").length > 0;
    const handler =
      ctx.method === "GET" && !hasKey && "uploads" in ctx.query
        ? listUploads
        : ctx.method === "GET" && hasKey && "uploadId" in ctx.query
          ? listParts
          : ctx.method === "DELETE" && hasKey && "uploadId" in ctx.query
            ? abort
            : ctx.method === "POST" && hasKey && "uploadId" in ctx.query
              ? complete
              : null;
    if (!handler) return next();
    await handler(ctx, decodeURIComponent(bucketName));
  });
  server.use(own);

  await server.run();
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
