import { describe, expect, it } from "vitest";
import { checkActionHeaders, checkActionJson, checkActionParts } from "./action-guard";

const ok = { host: "app.localhost:3000", origin: "http://app.localhost:3000", contentType: "text/plain;charset=UTF-8", contentLength: "20", actionId: "7f".repeat(21) };

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
    expect(checkActionJson('["acme",{"name":"x","n":1,"when":"$D2026-11-29T10:00:00.000Z","u":"$u","big":"$n12","s":"$$dollar"}]')).toBeNull();
    for (const bad of ["", "null", "{}", '"x"', "[", '["$K1"]', '["$@0"]', '["$Q1"]', '["$h1"]', '["$1"]', '["$Dnope"]', "[".repeat(100) + "]".repeat(100), JSON.stringify(new Array(2000).fill(0)), '[{"__proto__":1}]']) {
      expect(checkActionJson(bad), bad.slice(0, 30)).not.toBeNull();
    }
  });

  it("multipart bodies: references only to parts that are there", () => {
    const form = new FormData();
    form.set("0", '["acme","$K1","$B2"]');
    form.set("1_title", "Hello");
    form.set("2", new Blob(["x"]));
    expect(checkActionParts(form)).toBeNull();
    const dangling = new FormData();
    dangling.set("0", '["$K9"]');
    expect(checkActionParts(dangling)?.reason).toMatch(/missing part/);
    expect(checkActionParts(new FormData())?.status).toBe(400);
  });
});
