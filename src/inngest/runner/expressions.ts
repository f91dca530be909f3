/**
 * The subset of Inngest's CEL expressions the embedded runner understands:
 *   keys      `event.data.creatorId`, `event.data.a + "-" + event.data.b` is NOT supported
 *   conditions `async.data.id == event.data.id && event.data.kind == "x"` (==, !=, &&, literals)
 * Anything else is rejected when the function is registered, so a function never silently behaves
 * differently here than on Inngest.
 */
type Scope = Record<string, unknown>;

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function get(scope: Scope, path: string): unknown {
  let cur: unknown = scope;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function operand(raw: string, scope: Scope): unknown {
  const s = raw.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(s) || /^'(?:[^'\\]|\\.)*'$/.test(s)) return s.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === "true" || s === "false") return s === "true";
  if (s === "null") return null;
  if (PATH.test(s)) return get(scope, s);
  throw new Error(`Unsupported expression operand: ${s}`);
}

/** Evaluate a key expression (a dotted path) to a string; undefined/null → "". */
export function evalKey(expr: string, scope: Scope): string {
  const v = operand(expr, scope);
  return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
}

/** Split on a separator outside quoted strings (so `"a && b"` is one literal). */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * A field missing on either side matches nothing (as CEL errors on a missing key): a condition like
 * `event.data.key == async.data.key` never pairs two events that both lack the key — two tenants' events
 * are not "equal" because neither names the field.
 */
export function evalCondition(expr: string, scope: Scope): boolean {
  return splitOutsideQuotes(expr, "&&").every((clause) => {
    const m = /^((?:[^"'=!]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*?)(==|!=)(.*)$/.exec(clause.trim());
    if (!m) return Boolean(operand(clause, scope));
    const a = operand(m[1]!, scope);
    const b = operand(m[3]!, scope);
    if (a === undefined || b === undefined) return false;
    return m[2] === "==" ? a === b : a !== b;
  });
}

/** Throws if the runner cannot evaluate the expression (checked at registration). */
export function assertSupported(expr: string, kind: "key" | "condition") {
  const probe = { event: { data: {} }, async: { data: {} } };
  if (kind === "key") evalKey(expr, probe);
  else evalCondition(expr, probe);
}
