import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { signToken } from "@/lib/crypto/signed-token";
import { checkKey, MIN_PART_BYTES, StorageError, type MultipartPart, type StaleUpload, type Storage, type StoredObject } from "./types";

/**
 * Local disk under DATA_DIR/storage: the embedded default. Direct uploads behave like S3/R2's multipart
 * uploads — each part goes to a signed, expiring URL (an app route, `/api/storage/parts/…`, that streams
 * it to disk and answers its ETag), parts other than the last must be at least 5 MiB, and completing
 * checks every part's ETag before the object appears at once (written aside, then renamed).
 */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** What a part URL's token is bound to: this upload, this part, this many bytes. */
export const partSubject = (uploadId: string, partNumber: number, length: number) => `${uploadId}/${partNumber}/${length}`;
type UploadMeta = { key: string; contentType: string; createdAt: string };

export class LocalStorage implements Storage {
  readonly driver = "local" as const;
  constructor(private readonly root: string) {}
  private file(key: string) {
    checkKey(key);
    return path.join(this.root, key);
  }
  private uploadDir(uploadId: string) {
    if (!UPLOAD_ID.test(uploadId)) throw new StorageError("NoSuchUpload", "The upload does not exist.");
    return path.join(this.root, ".multipart", uploadId);
  }
  async put(key: string, body: Uint8Array, contentType: string) {
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    await fs.promises.writeFile(`${f}.tmp`, body);
    await fs.promises.writeFile(`${f}.type`, contentType);
    await fs.promises.rename(`${f}.tmp`, f);
  }
  async putStream(key: string, body: NodeJS.ReadableStream, { contentType, maxBytes }: { contentType: string; maxBytes: number }): Promise<number> {
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > maxBytes ? new StorageError("EntityTooLarge", "The file is too large.") : null, chunk);
      },
    });
    try {
      await pipeline(body, count, fs.createWriteStream(`${f}.tmp`));
    } catch (err) {
      await fs.promises.rm(`${f}.tmp`, { force: true });
      throw err;
    }
    await fs.promises.writeFile(`${f}.type`, contentType);
    await fs.promises.rename(`${f}.tmp`, f);
    return size;
  }
  async get(key: string, range?: { start: number; end: number }): Promise<StoredObject | null> {
    const f = this.file(key);
    try {
      const stat = await fs.promises.stat(f);
      const contentType = await fs.promises.readFile(`${f}.type`, "utf8").catch(() => null);
      const stream = fs.createReadStream(f, range ? { start: range.start, end: Math.min(range.end, stat.size - 1) } : {});
      const size = range ? Math.max(0, Math.min(range.end, stat.size - 1) - range.start + 1) : stat.size;
      return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size, contentType };
    } catch {
      return null;
    }
  }
  async head(key: string) {
    const stat = await fs.promises.stat(this.file(key)).catch(() => null);
    return stat?.isFile() ? { size: stat.size } : null;
  }
  async delete(key: string) {
    const f = this.file(key);
    await fs.promises.rm(f, { force: true });
    await fs.promises.rm(`${f}.type`, { force: true });
  }
  async deletePrefix(prefix: string) {
    checkKey(`${prefix}master.m3u8`);
    await fs.promises.rm(path.join(this.root, prefix), { recursive: true, force: true });
  }
  async signedGetUrl(): Promise<null> {
    return null; // served by the app from disk
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    checkKey(key);
    const uploadId = crypto.randomBytes(16).toString("hex");
    const dir = this.uploadDir(uploadId);
    await fs.promises.mkdir(dir, { recursive: true });
    const meta: UploadMeta = { key, contentType, createdAt: new Date().toISOString() };
    await fs.promises.writeFile(path.join(dir, "meta.json"), JSON.stringify(meta));
    return uploadId;
  }
  private async meta(key: string, uploadId: string): Promise<UploadMeta> {
    const raw = await fs.promises.readFile(path.join(this.uploadDir(uploadId), "meta.json"), "utf8").catch(() => null);
    const meta = raw ? (JSON.parse(raw) as UploadMeta) : null;
    if (!meta || meta.key !== key) throw new StorageError("NoSuchUpload", "The upload does not exist.");
    return meta;
  }
  /** A path on the app's own origin (the browser uploads there, like to R2's presigned URL), bound to the part's exact length. */
  async partUrl({
    key,
    uploadId,
    partNumber,
    contentLength,
    expiresIn,
  }: {
    key: string;
    uploadId: string;
    partNumber: number;
    contentLength: number;
    expiresIn: number;
  }): Promise<string> {
    await this.meta(key, uploadId);
    const token = signToken({ purpose: "storage-part", subject: partSubject(uploadId, partNumber, contentLength), ttlSeconds: expiresIn });
    return `/api/storage/parts/${uploadId}/${partNumber}?len=${contentLength}&token=${token}`;
  }
  /** Called by the part route once the URL's token is verified: streams the body to disk; exactly `length` bytes or nothing. */
  async writePart({ uploadId, partNumber, body, length }: { uploadId: string; partNumber: number; body: Readable; length: number }): Promise<MultipartPart> {
    const maxBytes = length;
    const dir = this.uploadDir(uploadId);
    if (!(await fs.promises.stat(path.join(dir, "meta.json")).catch(() => null))) throw new StorageError("NoSuchUpload", "The upload does not exist.");
    const file = path.join(dir, String(partNumber));
    const tmp = `${file}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    const hash = crypto.createHash("md5");
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new StorageError("EntityTooLarge", `A part can be at most ${maxBytes / 1024 / 1024} MiB.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, count, fs.createWriteStream(tmp));
      if (size !== length) throw new StorageError("IncompleteBody", `The part must be exactly ${length} bytes.`);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    const etag = `"${hash.digest("hex")}"`;
    await fs.promises.writeFile(`${file}.etag`, etag);
    await fs.promises.rename(tmp, file);
    return { partNumber, etag, size };
  }
  async listParts(key: string, uploadId: string): Promise<MultipartPart[]> {
    await this.meta(key, uploadId);
    const dir = this.uploadDir(uploadId);
    const parts: MultipartPart[] = [];
    for (const name of await fs.promises.readdir(dir)) {
      if (!/^\d+$/.test(name)) continue;
      const [stat, etag] = await Promise.all([
        fs.promises.stat(path.join(dir, name)),
        fs.promises.readFile(path.join(dir, `${name}.etag`), "utf8").catch(() => null),
      ]);
      if (etag) parts.push({ partNumber: Number(name), etag, size: stat.size });
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }
  async completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
    const meta = await this.meta(key, uploadId);
    const stored = new Map((await this.listParts(key, uploadId)).map((p) => [p.partNumber, p]));
    if (!parts.length) throw new StorageError("MalformedXML", "No parts were listed.");
    for (const [i, p] of parts.entries()) {
      const s = stored.get(p.partNumber);
      if (i > 0 && parts[i - 1]!.partNumber >= p.partNumber) throw new StorageError("InvalidPartOrder", "Parts must be listed in ascending order.");
      if (!s || s.etag.replace(/"/g, "") !== p.etag.replace(/"/g, "")) throw new StorageError("InvalidPart", `Part ${p.partNumber} was not uploaded.`);
      if (i < parts.length - 1 && s.size < MIN_PART_BYTES) throw new StorageError("EntityTooSmall", "Every part but the last must be at least 5 MiB.");
    }
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    const out = fs.createWriteStream(tmp);
    try {
      for (const p of parts) await pipeline(fs.createReadStream(path.join(this.uploadDir(uploadId), String(p.partNumber))), out, { end: false });
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    await fs.promises.writeFile(`${f}.type`, meta.contentType);
    await fs.promises.rename(tmp, f);
    await fs.promises.rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.meta(key, uploadId).catch(() => null);
    await fs.promises.rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }
  async staleMultipartUploads(olderThan: Date): Promise<StaleUpload[]> {
    const root = path.join(this.root, ".multipart");
    const names = await fs.promises.readdir(root).catch(() => [] as string[]);
    const stale: StaleUpload[] = [];
    for (const uploadId of names.filter((n) => UPLOAD_ID.test(n))) {
      const raw = await fs.promises.readFile(path.join(root, uploadId, "meta.json"), "utf8").catch(() => null);
      const meta = raw ? (JSON.parse(raw) as UploadMeta) : null;
      if (meta && new Date(meta.createdAt) < olderThan) stale.push({ key: meta.key, uploadId, initiated: new Date(meta.createdAt) });
    }
    return stale;
  }
}
