/** A requested position, clamped into 0..max (moves past either end land at that end). */
export const clampIndex = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
