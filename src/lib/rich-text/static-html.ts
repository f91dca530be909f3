import { getSchema, type Extensions } from "@tiptap/core";
import { Node as PMNode, type DOMOutputSpec, type Mark, type Schema } from "@tiptap/pm/model";

/**
 * TipTap JSON → HTML without a DOM: the document is checked against the lesson schema
 * (`Node.fromJSON` throws on unknown nodes, marks or invalid nesting), then each node and mark is
 * written from its own `renderHTML` spec — the same output as @tiptap/html's generateHTML, at a
 * fraction of the cost (no happy-dom window per call), which matters on the autosave path.
 */
const VOID = new Set(["img", "br", "hr", "input", "source", "wbr"]);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (s: string) => esc(s).replace(/"/g, "&quot;");

function attrs(a: Record<string, unknown>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined || v === false) continue;
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(k)) continue;
    out += v === true ? ` ${k}=""` : ` ${k}="${escAttr(String(v))}"`;
  }
  return out;
}

function split(spec: readonly unknown[]): { tag: string; attributes: Record<string, unknown>; children: unknown[] } {
  const [tagRaw, ...rest] = spec as [string, ...unknown[]];
  const tag = tagRaw.includes(" ") ? tagRaw.split(" ")[1]! : tagRaw;
  const first = rest[0];
  if (first && typeof first === "object" && !Array.isArray(first)) return { tag, attributes: first as Record<string, unknown>, children: rest.slice(1) };
  return { tag, attributes: {}, children: rest };
}

function renderSpec(spec: DOMOutputSpec, hole: () => string): string {
  if (typeof spec === "string") return esc(spec);
  if (!Array.isArray(spec)) throw new Error("unsupported renderHTML output (a DOM node)");
  const { tag, attributes, children } = split(spec);
  if (VOID.has(tag)) return `<${tag}${attrs(attributes)}>`;
  const inner = children.map((c) => (c === 0 ? hole() : renderSpec(c as DOMOutputSpec, hole))).join("");
  return `<${tag}${attrs(attributes)}>${inner}</${tag}>`;
}

/** Open and close tags of a mark whose spec is [tag, attrs?, 0] (all of ours). */
function markTags(mark: Mark): { open: string; close: string } {
  const spec = mark.type.spec.toDOM?.(mark, true);
  if (!spec) return { open: "", close: "" };
  const html = renderSpec(spec, () => "\u0000");
  const at = html.indexOf("\u0000");
  return { open: html.slice(0, at), close: html.slice(at + 1) };
}

function renderChildren(node: PMNode): string {
  if (!node.inlineContent) {
    let out = "";
    node.forEach((child) => (out += renderNode(child)));
    return out;
  }
  // Inline content: keep marks open across neighbouring text that shares them (like DOMSerializer).
  let out = "";
  const open: { mark: Mark; close: string }[] = [];
  node.forEach((child) => {
    let keep = 0;
    while (keep < open.length && keep < child.marks.length && open[keep]!.mark.eq(child.marks[keep]!)) keep++;
    while (open.length > keep) out += open.pop()!.close;
    for (let i = keep; i < child.marks.length; i++) {
      const t = markTags(child.marks[i]!);
      out += t.open;
      open.push({ mark: child.marks[i]!, close: t.close });
    }
    out += child.isText ? esc(child.text ?? "") : renderNode(child);
  });
  while (open.length) out += open.pop()!.close;
  return out;
}

function renderNode(node: PMNode): string {
  if (node.isText) return esc(node.text ?? "");
  const toDOM = node.type.spec.toDOM;
  if (!toDOM) return renderChildren(node);
  return renderSpec(toDOM(node), () => renderChildren(node));
}

export function createStaticRenderer(extensions: Extensions) {
  const schema: Schema = getSchema(extensions);
  return (json: Record<string, unknown>): string => {
    const doc = PMNode.fromJSON(schema, json);
    doc.check();
    return renderChildren(doc);
  };
}
