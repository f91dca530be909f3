import { describe, expect, it } from "vitest";
import { assertSupported, evalCondition, evalKey } from "./expressions";

const scope = { event: { data: { creatorId: "c1", n: 3, nested: { id: "x" } } }, async: { data: { creatorId: "c1", n: 4 } } };

describe("runner expressions", () => {
  it("evaluates keys as dotted paths", () => {
    expect(evalKey("event.data.creatorId", scope)).toBe("c1");
    expect(evalKey("event.data.nested.id", scope)).toBe("x");
    expect(evalKey("event.data.missing", scope)).toBe("");
    expect(evalKey("event.data.n", scope)).toBe("3");
  });
  it("evaluates == / != / && conditions with literals", () => {
    expect(evalCondition("async.data.creatorId == event.data.creatorId", scope)).toBe(true);
    expect(evalCondition("async.data.n == event.data.n", scope)).toBe(false);
    expect(evalCondition('event.data.creatorId == "c1" && async.data.n != 3', scope)).toBe(true);
    expect(evalCondition("async.data.n == 4", scope)).toBe(true);
  });
  it("refuses what it cannot evaluate", () => {
    expect(() => assertSupported("event.data.a + event.data.b", "key")).toThrow(/Unsupported/);
    expect(() => assertSupported("size(event.data.items) > 2", "condition")).toThrow(/Unsupported/);
  });
});

describe("conditions match like Inngest's, never on a missing field", () => {
  it("a field absent on both sides is not a match (two tenants' events do not pair up)", async () => {
    const { evalCondition } = await import("./expressions");
    expect(evalCondition("event.data.key == async.data.key", { event: { data: {} }, async: { data: {} } })).toBe(false);
    expect(evalCondition("event.data.key != async.data.key", { event: { data: {} }, async: { data: { key: "k" } } })).toBe(false);
    expect(evalCondition("event.data.key == async.data.key", { event: { data: { key: "k" } }, async: { data: { key: "k" } } })).toBe(true);
  });
  it("&& inside a string literal is part of the literal", async () => {
    const { evalCondition } = await import("./expressions");
    expect(evalCondition("event.data.t == 'a && b'", { event: { data: { t: "a && b" } } })).toBe(true);
    expect(evalCondition("event.data.t == 'a && b' && event.data.n == 1", { event: { data: { t: "a && b", n: 1 } } })).toBe(true);
  });
});
