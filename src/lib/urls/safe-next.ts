/**
 * Where to send someone after signing in (`?next=`): only a place on the same origin. The value is
 * resolved the way a browser would resolve it against the current page, so every trick that makes a
 * "relative" path leave the site (`//evil`, `/\evil`, `/\t/evil`, `javascript:`, encoded slashes,
 * control characters) either resolves to another origin or is refused.
 *
 * @returns the path, query and hash to navigate to, or `fallback`.
 */
export function safeNext(next: string | null | undefined, opts: { origin: string; fallback: string }): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return opts.fallback;
  // Browsers strip tabs and newlines from URLs and treat "\" like "/": refuse them outright.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return opts.fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(opts.origin);
    url = new URL(next, base);
  } catch {
    return opts.fallback;
  }
  if (url.origin !== base.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return opts.fallback;
  // An encoded slash or backslash at the start of the path can be decoded into "//" by a later hop.
  if (/^\/(%2f|%5c)/i.test(url.pathname) || url.pathname.startsWith("//")) return opts.fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
