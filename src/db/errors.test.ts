import { describe, expect, it } from "vitest";
import { dbErrorInfo } from "./errors";

describe("dbErrorInfo", () => {
  it("finds the SQLSTATE through wrapped causes", () => {
    const pgErr = Object.assign(new Error("dup"), { code: "23505", constraint: "creators_slug_uq" });
    const wrapped = Object.assign(new Error("Failed query"), { cause: pgErr });
    expect(dbErrorInfo(wrapped)).toEqual({ kind: "unique_violation", constraint: "creators_slug_uq" });
    expect(dbErrorInfo(Object.assign(new Error(), { code: "23503" }))?.kind).toBe("foreign_key_violation");
  });
  it("returns null for anything else", () => {
    expect(dbErrorInfo(new Error("x"))).toBeNull();
    expect(dbErrorInfo(null)).toBeNull();
    expect(dbErrorInfo(Object.assign(new Error(), { code: "42P01" }))).toBeNull();
  });
});
