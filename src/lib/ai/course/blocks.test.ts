import { describe, expect, it } from "vitest";
import { renderRichText } from "@/lib/rich-text/render";
import { blocksToDoc, questionsToQuiz } from "./blocks";

describe("a generated lesson becomes a lesson document", () => {
  it("headings, lists, callouts and **bold** become the editor's nodes", () => {
    const doc = blocksToDoc([
      { type: "paragraph", text: "Use **flour** and *water*." },
      { type: "heading", text: "Steps" },
      { type: "numbered", items: ["Mix", "Wait"] },
      { type: "callout", tone: "tip", text: "Weigh it." },
    ]);
    const { html } = renderRichText(doc);
    expect(html).toContain("<strong>flour</strong>");
    expect(html).toContain("<em>water</em>");
    expect(html).toContain("<h2>Steps</h2>");
    expect(html).toMatch(/<ol[^>]*><li><p>Mix<\/p><\/li>/);
    expect(html).toContain('data-callout="tip"');
  });

  it("markup a model writes is text, never HTML: a script payload reaches students as harmless words", () => {
    const payload = `<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>`;
    const { html } = renderRichText(
      blocksToDoc([
        { type: "paragraph", text: payload },
        { type: "bullets", items: [payload] },
        { type: "heading", text: payload },
      ]),
    );
    expect(html).not.toMatch(/<(script|img|a)\b/i); // no such element
    expect(html).not.toMatch(/<[a-z][^>]*\s(onerror|href)=/i); // no element carries a handler or a link
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("quiz answers map to the product's quiz with stable ids", () => {
    const quiz = questionsToQuiz(
      [
        { type: "single", prompt: "Pick", options: ["a", "b"], correct: [1] },
        { type: "true_false", prompt: "True?", answer: false },
      ],
      "m1",
    );
    expect(quiz.questions).toEqual([
      {
        id: "m1q1",
        type: "single",
        prompt: "Pick",
        options: [
          { id: "m1q1o1", text: "a" },
          { id: "m1q1o2", text: "b" },
        ],
        correct: ["m1q1o2"],
      },
      { id: "m1q2", type: "true_false", prompt: "True?", answer: false },
    ]);
  });
});
