/**
 * What the proxy checks on a Server Action request (a POST with the `Next-Action` header) before the
 * framework decodes it, so garbage is a client error (400/403/413/415) rather than a crash inside the
 * framework's decoder (500). Pure: headers in, a refusal or null out; the body check is separate.
 */
export type ActionRefusal = { status: 400 | 403 | 413 | 415; reason: string };

/** Next's default `serverActions.bodySizeLimit`. */
export const ACTION_BODY_LIMIT = 1024 * 1024;
/** Deeper than any argument our actions take; deep nesting is how decoders are made to recurse away. */
export const ACTION_MAX_DEPTH = 32;

export function checkActionHeaders(h: {
  host: string | null;
  origin: string | null;
  contentType: string | null;
  contentLength: string | null;
  actionId: string;
}): ActionRefusal | null {
  if (!/^[0-9a-f]{2,128}$/i.test(h.actionId)) return { status: 400, reason: "malformed action id" };
  if (h.origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = h.origin === "null" ? null : new URL(h.origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || !h.host || originHost.toLowerCase() !== h.host.toLowerCase()) return { status: 403, reason: "cross-origin action" };
  }
  if (h.contentLength !== null) {
    const n = Number(h.contentLength);
    if (!Number.isSafeInteger(n) || n < 0) return { status: 400, reason: "malformed content-length" };
    if (n > ACTION_BODY_LIMIT) return { status: 413, reason: "action body too large" };
  }
  const type = (h.contentType ?? "").toLowerCase();
  if (!type.startsWith("text/plain") && !type.startsWith("multipart/form-data")) return { status: 415, reason: "unsupported action content type" };
  return null;
}

/** Our actions take one or two arguments; Next refuses more than 1,000 with a 500. */
export const ACTION_MAX_ARGS = 16;
const ACTION_MAX_VALUES = 100_000;

/** Plain values React's reply format writes inline: escaped "$$", dates, undefined ("$undefined", as the client writes it), bigints, special numbers. */
const INLINE_DOLLAR = /^\$(\$|D\d{4}-\d{2}-\d{2}T|undefined$|n-?\d+$|-0$|NaN$|Infinity$|-Infinity$)/;
/** References to other parts of a multipart reply: FormData ($K), Blob ($B), Map ($Q), Set ($W), outlined model ($). */
const PART_REF = /^\$([KBQW]?)([0-9a-f]{1,8})$/;

/** The parts of a multipart action body, as the pinned decoder names them. */
type Parts = { get(name: string): FormDataEntryValue | null; prefixes: Set<string> };

/**
 * A Server Action body is the React client's encoding of the arguments: the JSON of a list of plain
 * values (text/plain), or the same JSON in part "0" of a multipart body whose other parts hold what it
 * references (form data, files, outlined values). Strings starting with "$" are references in React's
 * reply format: the inline ones a plain call produces are allowed anywhere; references to other parts only
 * in a multipart body, only to parts that are there and of the kind the reference names (a file for $B,
 * JSON that passes these same checks for an outlined value, a Map or a Set). Everything else is what makes
 * the framework's decoder throw.
 */
export function checkActionJson(text: string, parts?: Parts): ActionRefusal | null {
  return checkJsonPart(text, { parts, root: true, seen: new Set(), budget: { values: 0 } });
}

function checkJsonPart(text: string, ctx: { parts?: Parts; root: boolean; seen: Set<string>; budget: { values: number } }): ActionRefusal | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400, reason: ctx.root ? "action body is not JSON" : "an action part is not JSON" };
  }
  if (ctx.root && !Array.isArray(value)) return { status: 400, reason: "action arguments are not a list" };
  if (ctx.root && (value as unknown[]).length > ACTION_MAX_ARGS) return { status: 400, reason: "too many action arguments" };
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (++ctx.budget.values > ACTION_MAX_VALUES) return { status: 400, reason: "action arguments too large" };
    if (depth > ACTION_MAX_DEPTH) return { status: 400, reason: "action arguments nested too deep" };
    if (typeof v === "string") {
      if (!v.startsWith("$") || INLINE_DOLLAR.test(v)) continue;
      const ref = PART_REF.exec(v);
      if (!ref || !ctx.parts) return { status: 400, reason: "unsupported reference in action arguments" };
      const refusal = checkReference(ref[1]!, ref[2]!, ctx as typeof ctx & { parts: Parts });
      if (refusal) return refusal;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "__proto__") return { status: 400, reason: "unsupported key in action arguments" };
        stack.push({ v: x, depth: depth + 1 });
      }
    }
  }
  return null;
}

function checkReference(kind: string, hex: string, ctx: { parts: Parts; seen: Set<string>; budget: { values: number } }): ActionRefusal | null {
  // As the pinned decoder reads them: a FormData's fields are the parts named "_<ref>_<field>"; other parts by decimal id.
  if (kind === "K") return ctx.parts.prefixes.has(`_${hex}_`) ? null : { status: 400, reason: "action arguments refer to a missing part" };
  const name = String(parseInt(hex, 16));
  const part = ctx.parts.get(name);
  if (part === null) return { status: 400, reason: "action arguments refer to a missing part" };
  if (kind === "B") return typeof part === "string" ? { status: 400, reason: "a file reference names a field that is not a file" } : null;
  if (typeof part !== "string") return { status: 400, reason: "a value reference names a file" };
  // An outlined value, Map or Set: JSON held to the same rules, once each (parts may be shared, never cyclic here).
  if (ctx.seen.has(name)) return null;
  ctx.seen.add(name);
  return checkJsonPart(part, { ...ctx, root: false });
}

/** Part names the decoder reads as numbers must be written as the client writes them ("0", "12"), never "0.0" or " 0". */
function partNameProblem(key: string): string | null {
  if (/^(0|[1-9]\d{0,8})$/.test(key) || /^_[0-9a-f]{1,8}_/.test(key)) return null;
  if (key.trim() === "" || Number.isFinite(Number(key))) return "malformed part name";
  return null;
}

/**
 * A multipart action body: it must parse, every part must be named as the client names them, and part "0"
 * must be the arguments (checked as above, following references into the parts that are present).
 */
export function checkActionParts(form: FormData): ActionRefusal | null {
  const root = form.get("0");
  if (typeof root !== "string") return { status: 400, reason: "action body has no arguments part" };
  const prefixes = new Set<string>();
  for (const key of form.keys()) {
    const problem = partNameProblem(key);
    if (problem) return { status: 400, reason: problem };
    const m = /^(_[0-9a-f]+_)/.exec(key);
    if (m) prefixes.add(m[1]!);
  }
  return checkActionJson(root, { get: (n) => form.get(n), prefixes });
}

/**
 * A form posted without JavaScript (a `multipart/form-data` POST with no `Next-Action` header) is decoded by
 * the framework as a progressive-enhancement Server Action: its `$ACTION_ID_<id>` / `$ACTION_REF_<n>` fields
 * must be well formed, and a referenced action's `$ACTION_<n>:0` part must be its metadata JSON.
 */
export function checkFormActionParts(form: FormData): ActionRefusal | null {
  for (const key of form.keys()) {
    if (!key.startsWith("$ACTION_")) continue;
    if (key.startsWith("$ACTION_ID_")) {
      if (!/^[0-9a-f]{2,128}$/i.test(key.slice(11))) return { status: 400, reason: "malformed form action id" };
    } else if (key.startsWith("$ACTION_REF_")) {
      const n = key.slice(12);
      if (!/^\d{1,4}$/.test(n)) return { status: 400, reason: "malformed form action reference" };
      const meta = form.get(`$ACTION_${n}:0`);
      let parsed: unknown;
      try {
        parsed = typeof meta === "string" ? JSON.parse(meta) : null;
      } catch {
        parsed = null;
      }
      const id = parsed && typeof parsed === "object" ? (parsed as { id?: unknown }).id : undefined;
      if (typeof id !== "string" || !/^[0-9a-f]{2,128}$/i.test(id)) return { status: 400, reason: "malformed form action metadata" };
      // Bound arguments (useActionState's previous state): "$@<n>" naming part $ACTION_<n>:<n>, a JSON list held to the usual rules.
      const bound = (parsed as { bound?: unknown }).bound;
      if (bound !== null && bound !== undefined) {
        const ref = typeof bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(bound) : null;
        const part = ref ? form.get(`$ACTION_${n}:${parseInt(ref[1]!, 16)}`) : null;
        if (typeof part !== "string") return { status: 400, reason: "malformed form action bound arguments" };
        const refusal = checkActionJson(part);
        if (refusal) return { status: 400, reason: `form action bound arguments: ${refusal.reason}` };
      }
    } else if (!/^\$ACTION_\d{1,4}:\d{1,4}$/.test(key) && !/^\$ACTION_KEY$/.test(key)) {
      return { status: 400, reason: "unknown form action field" };
    }
  }
  return null;
}
