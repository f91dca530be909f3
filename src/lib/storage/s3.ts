import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { checkKey, StorageError, type MultipartPart, type StaleUpload, type Storage, type StoredObject } from "./types";

/** Parts of a streamed upload (S3's minimum is 5 MiB). */
const PART_BYTES = 8 * 1024 * 1024;
const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const named = (err: unknown) => (err as { name?: string; Code?: string }).name ?? (err as { Code?: string }).Code;

/** Map S3's refusals of a multipart call to ours; anything else is an outage and propagates. */
function multipartError(err: unknown): never {
  const code = named(err);
  if (code === "NoSuchUpload" || status(err) === 404) throw new StorageError("NoSuchUpload", "The upload does not exist.");
  if (code === "InvalidPart" || code === "InvalidPartOrder" || code === "EntityTooSmall" || code === "MalformedXML")
    throw new StorageError(code, "The storage refused the parts of this upload.");
  throw err;
}

/** An S3-compatible bucket (Cloudflare R2): presigned part URLs for the browser, everything else signed by the SDK. */
export class S3Storage implements Storage {
  readonly driver = "s3" as const;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}
  async put(key: string, body: Uint8Array, contentType: string) {
    checkKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.byteLength }));
  }
  async putStream(key: string, body: NodeJS.ReadableStream, { contentType, maxBytes }: { contentType: string; maxBytes: number }): Promise<number> {
    checkKey(key);
    const uploadId = await this.createMultipart(key, contentType);
    const parts: { partNumber: number; etag: string }[] = [];
    let size = 0;
    let buffered: Buffer[] = [];
    let bufferedBytes = 0;
    const flush = async () => {
      if (!bufferedBytes && parts.length) return;
      const partNumber = parts.length + 1;
      const r = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: Buffer.concat(buffered, bufferedBytes),
          ContentLength: bufferedBytes,
        }),
      );
      parts.push({ partNumber, etag: r.ETag! });
      buffered = [];
      bufferedBytes = 0;
    };
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new StorageError("EntityTooLarge", "The file is too large.");
        buffered.push(chunk);
        bufferedBytes += chunk.length;
        if (bufferedBytes >= PART_BYTES) await flush();
      }
      await flush();
      await this.completeMultipart(key, uploadId, parts);
      return size;
    } catch (err) {
      await this.abortMultipart(key, uploadId).catch(() => {});
      throw err;
    }
  }
  async get(key: string, range?: { start: number; end: number }): Promise<StoredObject | null> {
    checkKey(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      if (!r.Body) return null;
      return { body: r.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: r.ContentLength ?? null, contentType: r.ContentType ?? null };
    } catch (err) {
      if (named(err) === "NoSuchKey" || status(err) === 404) return null;
      throw err;
    }
  }
  async head(key: string) {
    checkKey(key);
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: r.ContentLength ?? 0 };
    } catch (err) {
      if (named(err) === "NotFound" || status(err) === 404) return null;
      throw err;
    }
  }
  async delete(key: string) {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
  async deletePrefix(prefix: string) {
    checkKey(`${prefix}master.m3u8`);
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  async signedGetUrl(key: string, { expiresIn, contentType }: { expiresIn: number; contentType?: string }) {
    checkKey(key);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType }), { expiresIn });
  }

  async createMultipart(key: string, contentType: string) {
    checkKey(key);
    const r = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    if (!r.UploadId) throw new Error("The storage did not start the upload.");
    return r.UploadId;
  }
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
  }) {
    checkKey(key);
    // Content-Length is signed: the bucket refuses a part of any other size.
    return getSignedUrl(
      this.client,
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: contentLength }),
      { expiresIn, signableHeaders: new Set(["content-length"]) },
    );
  }
  async listParts(key: string, uploadId: string): Promise<MultipartPart[]> {
    checkKey(key);
    const parts: MultipartPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
        for (const p of page.Parts ?? []) parts.push({ partNumber: p.PartNumber!, etag: p.ETag!, size: p.Size ?? 0 });
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (err) {
      multipartError(err);
    }
    return parts;
  }
  async completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
    checkKey(key);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
    } catch (err) {
      multipartError(err);
    }
  }
  async abortMultipart(key: string, uploadId: string) {
    checkKey(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      if (named(err) === "NoSuchUpload" || status(err) === 404) return;
      throw err;
    }
  }
  async staleMultipartUploads(olderThan: Date): Promise<StaleUpload[]> {
    const stale: StaleUpload[] = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    do {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: idMarker }));
      for (const u of page.Uploads ?? [])
        if (u.Key && u.UploadId && u.Initiated && u.Initiated < olderThan) stale.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated });
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      idMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return stale;
  }
}
