import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, S3_TEST_CREDENTIALS } from "../../../test/s3-server";
import { LocalStorage } from "./local";
import { S3Storage } from "./s3";
import { MIN_PART_BYTES, StorageError, type Storage } from "./types";
import { PUT as putPartRoute } from "@/app/api/storage/parts/[uploadId]/[part]/route";

/**
 * One contract, two drivers: the S3 driver with the real AWS SDK against s3rver (a real S3-compatible
 * server checking SigV4 signatures), and the local-disk driver, whose signed part URLs are served by the
 * app's route. Both must behave the same for the direct-upload flow.
 */
const s3 = await startS3Server();
const localRoot = await fs.mkdtemp(path.join(os.tmpdir(), "cf-local-storage-"));
afterAll(async () => {
  await s3.close();
  await fs.rm(localRoot, { recursive: true, force: true });
});

const drivers: Record<"local" | "s3", () => Storage> = {
  local: () => new LocalStorage(localRoot),
  s3: () =>
    new S3Storage(
      new S3Client({
        region: "us-east-1",
        endpoint: s3.url,
        forcePathStyle: true,
        // No checksum of an empty body baked into presigned part URLs (R2 and S3 would refuse the real part).
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        credentials: S3_TEST_CREDENTIALS,
      }),
      s3.bucket,
    ),
};

const g = globalThis as unknown as { __courseforgeStorage?: Storage };
const key = (kind: "image" | "video" = "video", ext = ".mp4") => `${crypto.randomUUID()}/${kind}/${crypto.randomUUID()}${ext}`;
const bytes = (n: number, seed: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};
const read = async (s: Storage, k: string, range?: { start: number; end: number }) => {
  const o = await s.get(k, range);
  return o ? new Uint8Array(await new Response(o.body).arrayBuffer()) : null;
};

describe.each(["local", "s3"] as const)("storage contract: %s driver", (name) => {
  let storage: Storage;
  /** PUT a part to its signed URL, as the browser does: R2's presigned URL, or the app's part route on the local driver. */
  const putPart = async (url: string, body: Uint8Array<ArrayBuffer>): Promise<Response> => {
    if (url.startsWith("/"))
      return putPartRoute(new Request(`http://app.localhost:3000${url}`, { method: "PUT", body }), { params: Promise.resolve(paramsOf(url)) });
    return fetch(url, { method: "PUT", body });
  };
  const paramsOf = (url: string) => {
    const m = /^\/api\/storage\/parts\/([^/]+)\/([^/?]+)/.exec(url)!;
    return { uploadId: m[1]!, part: m[2]! };
  };
  beforeAll(() => {
    storage = drivers[name]();
    g.__courseforgeStorage = storage;
  });
  afterAll(() => {
    delete g.__courseforgeStorage;
  });

  it("puts, reads (whole and a range), heads and deletes objects", async () => {
    const k = key("image", ".png");
    await storage.put(k, bytes(1000, 1), "image/png");
    expect((await storage.get(k))?.contentType).toBe("image/png");
    expect(await read(storage, k)).toEqual(bytes(1000, 1));
    expect(await read(storage, k, { start: 10, end: 19 })).toEqual(bytes(1000, 1).subarray(10, 20));
    expect(await storage.head(k)).toEqual({ size: 1000 });
    await storage.delete(k);
    expect(await storage.get(k)).toBeNull();
    expect(await storage.head(k)).toBeNull();
  });

  it("refuses keys we did not generate", async () => {
    await expect(storage.put("../../etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(/invalid storage key/);
    await expect(storage.createMultipart("someone/else.mp4", "video/mp4")).rejects.toThrow(/invalid storage key/);
  });

  it("takes a multipart upload in parts on signed URLs, lists them for a resume, and completes it into one object", async () => {
    const k = key();
    const first = bytes(MIN_PART_BYTES, 2);
    const last = bytes(123_457, 3);
    const uploadId = await storage.createMultipart(k, "video/mp4");
    const url1 = await storage.partUrl({ key: k, uploadId, partNumber: 1, contentLength: MIN_PART_BYTES, expiresIn: 60 });
    expect(url1).not.toMatch(/x-amz-checksum/i); // a checksum signed before the bytes exist would fail on R2
    const r1 = await putPart(url1, first);
    expect(r1.status).toBe(200);
    const etag1 = r1.headers.get("etag")!;
    expect(etag1).toMatch(/^"[0-9a-f]{32}"$/);
    // The connection drops here; the uploader asks what the storage already has and sends only the rest.
    expect(await storage.listParts(k, uploadId)).toEqual([{ partNumber: 1, etag: etag1, size: MIN_PART_BYTES }]);
    const r2 = await putPart(await storage.partUrl({ key: k, uploadId, partNumber: 2, contentLength: last.byteLength, expiresIn: 60 }), last);
    expect(r2.status).toBe(200);
    expect((await storage.listParts(k, uploadId)).map((p) => p.partNumber)).toEqual([1, 2]);
    expect(await storage.get(k)).toBeNull(); // nothing shows before completion
    await storage.completeMultipart(k, uploadId, [
      { partNumber: 1, etag: etag1 },
      { partNumber: 2, etag: r2.headers.get("etag")! },
    ]);
    expect(await storage.head(k)).toEqual({ size: MIN_PART_BYTES + 123_457 });
    const whole = await read(storage, k);
    expect(whole?.subarray(0, MIN_PART_BYTES)).toEqual(first);
    expect(whole?.subarray(MIN_PART_BYTES)).toEqual(last);
    await expect(storage.listParts(k, uploadId)).rejects.toBeInstanceOf(StorageError); // the upload is over
  });

  it("refuses a part URL whose signature was tampered with, a part of another size, and an expired URL", async () => {
    const k = key();
    const uploadId = await storage.createMultipart(k, "video/mp4");
    const url = await storage.partUrl({ key: k, uploadId, partNumber: 1, contentLength: 10, expiresIn: 60 });
    const tampered = url.replace(/(Signature=|token=[0-9a-z]+\.)(.)/, (_m, a: string, c: string) => `${a}${c === "a" ? "b" : "a"}`);
    expect(tampered).not.toBe(url);
    expect((await putPart(tampered, bytes(10, 4))).status).toBe(403);
    // A part of another size than the one signed is refused too.
    expect((await putPart(url, bytes(11, 4))).status).toBeGreaterThanOrEqual(400);
    const expiring = await storage.partUrl({ key: k, uploadId, partNumber: 1, contentLength: 10, expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await putPart(expiring, bytes(10, 4))).status).toBe(403);
    expect(await storage.listParts(k, uploadId)).toEqual([]);
    await storage.abortMultipart(k, uploadId);
  });

  it("does not complete with a part that was never uploaded", async () => {
    const k = key();
    const uploadId = await storage.createMultipart(k, "video/mp4");
    await expect(storage.completeMultipart(k, uploadId, [{ partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' }])).rejects.toThrow();
    expect(await storage.head(k)).toBeNull();
    await storage.abortMultipart(k, uploadId);
  });

  it("aborts an upload (its parts are gone) and lists the ones left unfinished", async () => {
    const k = key();
    const uploadId = await storage.createMultipart(k, "video/mp4");
    await putPart(await storage.partUrl({ key: k, uploadId, partNumber: 1, contentLength: 1000, expiresIn: 60 }), bytes(1000, 5));
    const stale = await storage.staleMultipartUploads(new Date(Date.now() + 60_000));
    expect(stale.find((u) => u.uploadId === uploadId)).toMatchObject({ key: k });
    expect(await storage.staleMultipartUploads(new Date(Date.now() - 60_000))).not.toContainEqual(expect.objectContaining({ uploadId }));
    await storage.abortMultipart(k, uploadId);
    await expect(storage.listParts(k, uploadId)).rejects.toBeInstanceOf(StorageError);
    expect((await storage.staleMultipartUploads(new Date(Date.now() + 60_000))).find((u) => u.uploadId === uploadId)).toBeUndefined();
    await storage.abortMultipart(k, uploadId); // again: nothing to do
  });
});

describe("storage on S3 / R2 specifically", () => {
  it("refuses requests without a signature (a private bucket)", async () => {
    const res = await fetch(`${s3.url}/${s3.bucket}/${key()}`, { method: "PUT", body: "x" });
    expect(res.status).toBe(403);
  });

  it("hands out short-lived signed GET URLs the browser can fetch", async () => {
    const storage = drivers.s3();
    const k = key("image", ".png");
    await storage.put(k, bytes(64, 6), "image/png");
    const url = await storage.signedGetUrl(k, { expiresIn: 60 });
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes(64, 6));
    const tampered = url!.replace(/X-Amz-Signature=(.)/, (_m, c: string) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`);
    expect((await fetch(tampered)).status).toBe(403);
  });
});

describe("storage on local disk specifically", () => {
  it("like S3, refuses to complete when a part other than the last is under 5 MiB", async () => {
    const storage = drivers.local();
    g.__courseforgeStorage = storage;
    const k = key();
    const uploadId = await storage.createMultipart(k, "video/mp4");
    const etags: string[] = [];
    for (const n of [1, 2]) {
      const url = await storage.partUrl({ key: k, uploadId, partNumber: n, contentLength: 100, expiresIn: 60 });
      const m = /^\/api\/storage\/parts\/([^/]+)\/([^/?]+)/.exec(url)!;
      const res = await putPartRoute(new Request(`http://app.localhost:3000${url}`, { method: "PUT", body: bytes(100, n) }), {
        params: Promise.resolve({ uploadId: m[1]!, part: m[2]! }),
      });
      etags.push(res.headers.get("etag")!);
    }
    await expect(
      storage.completeMultipart(k, uploadId, [
        { partNumber: 1, etag: etags[0]! },
        { partNumber: 2, etag: etags[1]! },
      ]),
    ).rejects.toMatchObject({ code: "EntityTooSmall" });
    delete g.__courseforgeStorage;
  });

  it("answers 404 on the part route when storage is S3 (parts go to the bucket)", async () => {
    g.__courseforgeStorage = drivers.s3();
    const res = await putPartRoute(
      new Request("http://app.localhost:3000/api/storage/parts/0123456789abcdef0123456789abcdef/1?token=x", { method: "PUT", body: "x" }),
      { params: Promise.resolve({ uploadId: "0123456789abcdef0123456789abcdef", part: "1" }) },
    );
    expect(res.status).toBe(404);
    delete g.__courseforgeStorage;
  });
});
