import { generateHTML } from "@tiptap/html/server";
import { describe, expect, it } from "vitest";
import { richTextExtensions } from "./extensions";
import { htmlToRichText, renderRichText } from "./render";
import { sanitizeRichHtml } from "./sanitize";
import { createStaticRenderer } from "./static-html";

const RICH = `<h2>Title &amp; more</h2><p>Plain <strong>bold <em>both</em></strong> <a href="https://example.com/a?b=1&c=2">a "link"</a> <code>x &lt; y</code></p>
<ul><li><p>one</p></li><li><p>two</p></li></ul><ol start="3"><li><p>three</p></li></ol><blockquote><p>quote</p></blockquote>
<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre><div data-callout="tip"><p>tip</p></div><hr>
<div data-embed="youtube"><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></div><img src="https://example.com/i.png" alt="An image"><p>line<br>break</p>`;

describe("lesson rendering", () => {
  it("the DOM-free renderer matches TipTap's generateHTML on every node and mark we use", () => {
    const doc = htmlToRichText(RICH) as Record<string, unknown>;
    const ours = createStaticRenderer(richTextExtensions())(doc);
    const theirs = generateHTML(doc as never, richTextExtensions());
    expect(sanitizeRichHtml(ours)).toBe(sanitizeRichHtml(theirs));
    expect(ours).toContain("<h2>Title &amp; more</h2>");
    expect(ours).toContain("<strong>bold <em>both</em></strong>");
  });

  it("refuses documents outside the lesson schema", () => {
    expect(() => renderRichText({ type: "doc", content: [{ type: "script" }] })).toThrow(/could not be read/);
    expect(() => renderRichText({ type: "doc", content: [{ type: "text", text: "loose text at block level" }] })).toThrow(/could not be read/);
    expect(() => renderRichText({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "blink" }] }] }] })).toThrow(
      /could not be read/,
    );
  });

  it("escapes text and attribute values", () => {
    const html = renderRichText({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `<script>alert("x")</script>` }] }] }).html;
    expect(html).toBe('<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>');
  });
});
