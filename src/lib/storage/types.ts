/**
 * What every storage driver offers: objects by generated key, and S3's multipart upload contract for
 * direct uploads from the browser (create, a signed URL per part, list, complete, abort). Keys are ours
 * (`<creatorId>/<kind>/<uuid>…`), never taken from user input, and checked on every call.
 */
export type StoredObject = { body: ReadableStream<Uint8Array>; size: number | null; contentType: string | null };
export type MultipartPart = { partNumber: number; etag: string; size: number };
export type StaleUpload = { key: string; uploadId: string; initiated: Date };

export interface Storage {
  readonly driver: "local" | "s3";
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Stream a large body in (an import from another service), at most `maxBytes`; returns its size. Never held in memory whole. */
  putStream(key: string, body: NodeJS.ReadableStream, opts: { contentType: string; maxBytes: number }): Promise<number>;
  get(key: string, range?: { start: number; end: number }): Promise<StoredObject | null>;
  head(key: string): Promise<{ size: number } | null>;
  delete(key: string): Promise<void>;
  /** Everything under a video's output folder (`<creator>/video/<asset>/hls/`). */
  deletePrefix(prefix: string): Promise<void>;
  /** A short-lived URL the browser can GET the object from directly (S3/R2), or null when the app serves it. */
  signedGetUrl(key: string, opts: { expiresIn: number; contentType?: string }): Promise<string | null>;

  createMultipart(key: string, contentType: string): Promise<string>;
  /** A URL to PUT exactly `contentLength` bytes as part `partNumber` (another length is refused by the storage). */
  partUrl(part: { key: string; uploadId: string; partNumber: number; contentLength: number; expiresIn: number }): Promise<string>;
  listParts(key: string, uploadId: string): Promise<MultipartPart[]>;
  completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /** Multipart uploads started before `olderThan` and never completed or aborted. */
  staleMultipartUploads(olderThan: Date): Promise<StaleUpload[]>;
}

/** S3's own rule: every part but the last is at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

/** A refusal by the storage, named like S3's error codes. */
export class StorageError extends Error {
  constructor(
    readonly code: "NoSuchUpload" | "InvalidPart" | "InvalidPartOrder" | "EntityTooSmall" | "EntityTooLarge" | "IncompleteBody" | "MalformedXML",
    message: string,
  ) {
    super(message);
    this.name = "StorageError";
  }
}

/** A StorageError from any copy of this module (route bundles each have theirs; the storage instance is shared). */
export function isStorageError(err: unknown): err is StorageError {
  return err instanceof Error && err.name === "StorageError" && typeof (err as { code?: unknown }).code === "string";
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SAFE_KEY = new RegExp(`^${UUID}\\/(image|file|video)\\/${UUID}(\\.[a-z0-9]{1,8})?$`);
/** A video's outputs, under its own asset: playlists, segments, poster, sprite and map, caption tracks. */
const SAFE_HLS_KEY = new RegExp(
  `^${UUID}\\/video\\/${UUID}\\/hls\\/(master\\.m3u8|poster\\.jpg|sprite\\.jpg|thumbnails\\.vtt|captions\\/[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\\.vtt|\\d{3,4}p\\/(index\\.m3u8|seg_\\d{4}\\.ts))$`,
);
export function isSafeKey(key: string): boolean {
  return SAFE_KEY.test(key) || SAFE_HLS_KEY.test(key);
}
export function checkKey(key: string) {
  if (!isSafeKey(key)) throw new Error(`invalid storage key: ${key}`);
}
