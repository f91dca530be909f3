import { afterAll, describe, expect, it } from "vitest";
import { startFakeS3 } from "../../../test/fake-s3";

/** The S3 (Cloudflare R2) driver with the real AWS SDK against a local fake S3 endpoint. */
const s3 = await startFakeS3();
Object.assign(process.env, {
  STORAGE_DRIVER: "s3",
  S3_ENDPOINT: s3.url,
  S3_BUCKET: "courseforge-test",
  S3_ACCESS_KEY_ID: "AKIAFAKE",
  S3_SECRET_ACCESS_KEY: "fake-secret",
});
const { getStorage, storageKey } = await import("./index");
afterAll(() => s3.close());

describe("storage on S3 / R2", () => {
  it("puts, gets and deletes objects in the bucket with signed requests", async () => {
    const storage = getStorage();
    expect(storage.driver).toBe("s3");
    const key = storageKey({ creatorId: crypto.randomUUID(), kind: "image", id: crypto.randomUUID(), filename: "Photo.PNG" });
    expect(key).toMatch(/\/image\/[0-9a-f-]{36}\.png$/);
    await storage.put(key, new Uint8Array([1, 2, 3, 4]), "image/png");
    expect(s3.objects.get(`/courseforge-test/${key}`)?.body).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(s3.requests.at(-1)!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKE\//);
    const got = await storage.get(key);
    expect(got?.contentType).toBe("image/png");
    expect(new Uint8Array(await new Response(got!.body).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
  });

  it("refuses keys we did not generate", async () => {
    await expect(getStorage().put("../../etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(/invalid storage key/);
  });
});
