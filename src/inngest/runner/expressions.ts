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

export function evalCondition(expr: string, scope: Scope): boolean {
  return expr.split("&&").every((clause) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(clause.trim());
    if (!m) return Boolean(operand(clause, scope));
    const a = operand(m[1]!, scope);
    const b = operand(m[3]!, scope);
    return m[2] === "==" ? a === b : a !== b;
  });
}

/** Throws if the runner cannot evaluate the expression (checked at registration). */
export function assertSupported(expr: string, kind: "key" | "condition") {
  const probe = { event: { data: {} }, async: { data: {} } };
  if (kind === "key") evalKey(expr, probe);
  else evalCondition(expr, probe);
}
