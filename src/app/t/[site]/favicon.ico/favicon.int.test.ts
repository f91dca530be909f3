import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { emailImageUrl } from "@/lib/site/email-image";
import { GET as platformIcon } from "../../../(platform)/platform/favicon.ico/route";
import { GET } from "./route";

const icon = (site: string) => GET(new Request(`http://x/favicon.ico`), { params: Promise.resolve({ site }) });

beforeAll(async () => {
  await seedDemo();
});

describe("/favicon.ico", () => {
  it("the platform's hosts get its icon; a school without one gets its initial, as a PNG", async () => {
    for (const res of [await platformIcon(), await icon("beta")]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
    }
    expect((await icon("nobody-here")).status).toBe(404);
  });

  it("a school's own favicon (an upload, or an https address) is where it redirects; anything else is not followed", async () => {
    const db = await getDb();
    const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
    const set = (faviconUrl: string | null) =>
      db
        .update(creators)
        .set({ branding: { ...acme!.branding, faviconUrl } })
        .where(eq(creators.id, acme!.id));
    const upload = "/api/media/0f0e0d0c-0b0a-4908-8706-050403020100";
    await set(upload);
    let res = await icon("acme");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(upload);
    await set("https://cdn.example.com/icon.png");
    expect((await icon("acme")).headers.get("location")).toBe("https://cdn.example.com/icon.png");
    await set("javascript:alert(1)");
    res = await icon("acme");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    await set(null);
  });

  it("mail gets an uploaded image as an absolute address on the school's subdomain", () => {
    expect(emailImageUrl("acme", "/api/media/abc")).toBe("http://acme.localhost:3000/api/media/abc");
    expect(emailImageUrl("acme", "https://cdn.example.com/logo.png")).toBe("https://cdn.example.com/logo.png");
    expect(emailImageUrl("acme", null)).toBeNull();
  });
});
