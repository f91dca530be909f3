import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * In the Next server, each route's bundle has its own copy of these modules while the storage instance is one
 * per process (on globalThis): whichever route makes it first (a job's, say) makes it from its own class.
 * The part route must still recognise it, and its errors, without `instanceof` (a bug seen in e2e: after an AI
 * run drew a cover, every local part upload answered 404).
 */
const g = globalThis as unknown as { __courseforgeStorage?: unknown };
afterEach(() => {
  delete g.__courseforgeStorage;
  vi.resetModules();
});

describe("one storage instance, many bundles", () => {
  it("the local driver made by another copy of the module is still the local driver; its errors are still StorageErrors", async () => {
    const other = await import("./local");
    const otherTypes = await import("./types");
    g.__courseforgeStorage = new other.LocalStorage("/tmp/cf-storage-bundles");
    vi.resetModules();
    const mine = await import("./index");
    expect(mine.localStorageDriver()).toBe(g.__courseforgeStorage);
    expect(g.__courseforgeStorage instanceof (await import("./local")).LocalStorage).toBe(false); // really another class
    const foreign = new otherTypes.StorageError("NoSuchUpload", "gone");
    expect(foreign instanceof mine.StorageError).toBe(false);
    expect(mine.isStorageError(foreign)).toBe(true);
    expect(mine.isStorageError(new Error("x"))).toBe(false);
  });
});
