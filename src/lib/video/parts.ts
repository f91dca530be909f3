/**
 * How a direct upload is cut into parts — one rule for the browser (Uppy's chunk size) and the server
 * (which part numbers it signs, and the exact length each signed part may have), so the bytes stored can
 * never exceed the size announced when the upload began. S3 allows 10,000 parts of at least 5 MiB.
 */
const MiB = 1024 * 1024;

export function partSizeFor(fileSize: number): number {
  return Math.max(8 * MiB, Math.ceil(fileSize / 9000));
}

export function partCountFor(fileSize: number): number {
  return Math.max(1, Math.ceil(fileSize / partSizeFor(fileSize)));
}

/** The exact length of part `n` (1-based) of a file of `fileSize` bytes; null when there is no such part. */
export function partLength(fileSize: number, n: number): number | null {
  const size = partSizeFor(fileSize);
  const count = partCountFor(fileSize);
  if (!Number.isInteger(n) || n < 1 || n > count) return null;
  return n < count ? size : fileSize - size * (count - 1);
}
