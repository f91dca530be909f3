import { Window } from "happy-dom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { XSS_HTML_VECTORS } from "../../../test/fixtures/xss-vectors";
import { RichHtml } from "./rich-html";

describe("<RichHtml>", () => {
  it("strips a script payload even when the stored HTML was never sanitized", () => {
    const out = renderToStaticMarkup(
      <RichHtml html={`<h2>Hi</h2><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>`} />,
    );
    expect(out).toContain("<h2>Hi</h2>");
    expect(out).not.toMatch(/<script|onerror|javascript:/i);
  });

  it("leaves no script element, event handler or script URL for any corpus vector (checked on the parsed DOM)", () => {
    const doc = new Window().document;
    for (const v of XSS_HTML_VECTORS) {
      doc.body.innerHTML = renderToStaticMarkup(<RichHtml html={v} />);
      const bad: string[] = [];
      for (const el of Array.from(doc.body.querySelectorAll("*"))) {
        if (/^(script|svg|math|object|embed|form|style|base|meta|link|template)$/i.test(el.tagName)) bad.push(el.tagName);
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name) || a.name === "srcdoc" || a.name === "style") bad.push(a.name);
          if (/^(href|src|action|formaction)$/.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value ?? "")) bad.push(`${a.name}=${a.value}`);
        }
      }
      expect(bad, v).toEqual([]);
    }
  });
});
