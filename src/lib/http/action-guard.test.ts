import { describe, expect, it } from "vitest";
import { checkActionHeaders, checkActionJson, checkActionParts, checkFormActionParts } from "./action-guard";

const ok = {
  host: "app.localhost:3000",
  origin: "http://app.localhost:3000",
  contentType: "text/plain;charset=UTF-8",
  contentLength: "20",
  actionId: "7f".repeat(21),
};

describe("Server Action requests are checked before the framework decodes them", () => {
  it("headers: a foreign or malformed origin is 403, an oversized body 413, another content type 415, a bad id 400", () => {
    expect(checkActionHeaders(ok)).toBeNull();
    expect(checkActionHeaders({ ...ok, origin: null })).toBeNull();
    expect(checkActionHeaders({ ...ok, contentType: "multipart/form-data; boundary=x" })).toBeNull();
    expect(checkActionHeaders({ ...ok, origin: "http://evil.example" })?.status).toBe(403);
    expect(checkActionHeaders({ ...ok, origin: "null" })?.status).toBe(403);
    expect(checkActionHeaders({ ...ok, origin: "not a url" })?.status).toBe(403);
    expect(checkActionHeaders({ ...ok, contentLength: String(2 * 1024 * 1024) })?.status).toBe(413);
    expect(checkActionHeaders({ ...ok, contentType: "application/json" })?.status).toBe(415);
    expect(checkActionHeaders({ ...ok, contentType: null })?.status).toBe(415);
    expect(checkActionHeaders({ ...ok, actionId: "../x" })?.status).toBe(400);
  });

  it("JSON bodies: a list of plain values, with React's inline encodings", () => {
    expect(checkActionJson('["acme",{"name":"x","n":1,"when":"$D2026-11-29T10:00:00.000Z","u":"$undefined","big":"$n12","s":"$$dollar"}]')).toBeNull();
    for (const bad of [
      "",
      "null",
      "{}",
      '"x"',
      "[",
      '["$K1"]',
      '["$@0"]',
      '["$Q1"]',
      '["$h1"]',
      '["$1"]',
      '["$Dnope"]',
      "[".repeat(100) + "]".repeat(100),
      JSON.stringify(new Array(2000).fill(0)),
      '[{"__proto__":1}]',
    ]) {
      expect(checkActionJson(bad), bad.slice(0, 30)).not.toBeNull();
    }
  });

  it("multipart bodies: references only to parts that are there", () => {
    const form = new FormData();
    form.set("0", '["acme","$K1","$B2"]');
    form.set("_1_title", "Hello");
    form.set("2", new Blob(["x"]));
    expect(checkActionParts(form)).toBeNull();
    const dangling = new FormData();
    dangling.set("0", '["$K9"]');
    expect(checkActionParts(dangling)?.reason).toMatch(/missing part/);
    expect(checkActionParts(new FormData())?.status).toBe(400);
  });

  it("multipart bodies: part names as the client writes them, and referenced parts of the kind named, checked in turn", () => {
    const body = (parts: [string, string | Blob][]) => {
      const f = new FormData();
      for (const [k, v] of parts) f.append(k, v);
      return f;
    };
    // "0.0" and " 0" are read as part 0 by the decoder: the guard would be checking another root.
    expect(
      checkActionParts(
        body([
          ["0.0", "{}"],
          ["0", "[]"],
        ]),
      )?.reason,
    ).toMatch(/part name/);
    expect(
      checkActionParts(
        body([
          [" 0", "{}"],
          ["0", "[]"],
        ]),
      )?.reason,
    ).toMatch(/part name/);
    expect(
      checkActionParts(
        body([
          ["", "x"],
          ["0", "[]"],
        ]),
      )?.reason,
    ).toMatch(/part name/);
    // An outlined value is JSON held to the same limits, wherever it sits.
    expect(
      checkActionParts(
        body([
          ["0", '["$1"]'],
          ["1", "[".repeat(60) + "]".repeat(60)],
        ]),
      )?.reason,
    ).toMatch(/too deep/);
    expect(
      checkActionParts(
        body([
          ["0", '["$1"]'],
          ["1", "{not json"],
        ]),
      )?.reason,
    ).toMatch(/not JSON/);
    expect(
      checkActionParts(
        body([
          ["0", '["$1"]'],
          ["1", '["$h2"]'],
        ]),
      )?.reason,
    ).toMatch(/unsupported reference/);
    expect(
      checkActionParts(
        body([
          ["0", '["$1"]'],
          ["1", '["$1"]'],
        ]),
      ),
    ).toBeNull(); // a part naming itself is read once
    // A file reference must name a file, a value reference must not.
    expect(
      checkActionParts(
        body([
          ["0", '["$B1"]'],
          ["1", "text"],
        ]),
      )?.reason,
    ).toMatch(/not a file/);
    expect(
      checkActionParts(
        body([
          ["0", '["$B1"]'],
          ["1", new Blob(["x"])],
        ]),
      ),
    ).toBeNull();
    expect(
      checkActionParts(
        body([
          ["0", '["$Q1"]'],
          ["1", new Blob(["x"])],
        ]),
      )?.reason,
    ).toMatch(/names a file/);
  });

  it("passes what React's own client sends for a form action (useActionState: previous state, then the form)", async () => {
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    // The React build Next.js ships and decodes with: the guard must read bodies exactly as it writes them.
    const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
      encodeReply: (v: unknown) => Promise<string | FormData>;
    };
    const fd = new FormData();
    fd.set("name", "Ada");
    fd.set("slug", "ada-school");
    for (const args of [[null, fd], [{ ok: false, code: "invalid", message: "x", fieldErrors: { slug: ["y"] } }, fd], [fd]]) {
      const body = await encodeReply(args);
      expect(body).toBeInstanceOf(FormData);
      expect(checkActionParts(body as FormData)).toBeNull();
    }
    const plain = await encodeReply([{ org: "acme", title: "Hello" }]);
    expect(typeof plain === "string" ? checkActionJson(plain) : checkActionParts(plain)).toBeNull();
  });

  it("forms posted without JavaScript: well-formed action fields only", () => {
    const ok = new FormData();
    ok.set("$ACTION_ID_7f00aa", "");
    ok.set("title", "x");
    expect(checkFormActionParts(ok)).toBeNull();
    const ref = new FormData();
    ref.set("$ACTION_REF_1", "");
    ref.set("$ACTION_1:0", '{"id":"7f00aa","bound":"$@1"}');
    ref.set("$ACTION_1:1", "[null]");
    expect(checkFormActionParts(ref)).toBeNull();
    // Bound arguments that are missing, not JSON or nested past the limit would make the decoder throw.
    for (const part of [null, "not json", "[".repeat(50) + "]".repeat(50)]) {
      const b = new FormData();
      b.set("$ACTION_REF_1", "");
      b.set("$ACTION_1:0", '{"id":"7f00aa","bound":"$@1"}');
      if (part !== null) b.set("$ACTION_1:1", part);
      expect(checkFormActionParts(b)?.reason, String(part).slice(0, 20)).toMatch(/bound arguments/);
    }
    const bad = new FormData();
    bad.set("$ACTION_REF_1", "");
    expect(checkFormActionParts(bad)?.reason).toMatch(/metadata/);
    const junk = new FormData();
    junk.set("$ACTION_ID_../x", "");
    expect(checkFormActionParts(junk)?.status).toBe(400);
    const plain = new FormData();
    plain.set("name", "not an action at all");
    expect(checkFormActionParts(plain)).toBeNull();
  });
});
