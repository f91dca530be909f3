import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators, domains } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { forgetCanonicalHost, forgetSiteHost } from "@/lib/tenant/canonical";
import { proxy } from "./proxy";

const call = (url: string, init: { method?: string; headers?: Record<string, string> } = {}) => {
  const u = new URL(url);
  return proxy(new NextRequest(url, { method: init.method ?? "GET", headers: { host: u.host, ...init.headers } }));
};

beforeAll(async () => {
  await seedDemo();
});

describe("proxy: one tenant tree and the canonical host", () => {
  it("rewrites every path of a school's host under /t/<site>, subdomain or verified custom domain", async () => {
    const r = await call("http://beta.localhost:3000/library");
    expect(r.headers.get("x-middleware-rewrite")).toBe("http://beta.localhost:3000/t/beta/library");
    expect(r.headers.get("x-frame-options")).toBe("DENY"); // the student area is not framable
    const pub = await call("http://beta.localhost:3000/courses/x");
    expect(pub.headers.get("x-middleware-rewrite")).toBe("http://beta.localhost:3000/t/beta/courses/x");
    expect(pub.headers.get("x-frame-options")).toBeNull(); // the public site may be embedded
    // A host no school owns is answered here, before rendering (no page, nothing cached for it).
    const unknown = await call("http://learn.example.com/");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-middleware-rewrite")).toBeNull();
    expect((await call("http://nobody.localhost:3000/courses/x")).status).toBe(404);
  });

  it("a school created after its subdomain was asked for answers at once (school creation forgets the 'nobody here')", async () => {
    expect((await call("http://fresh-school.localhost:3000/")).status).toBe(404);
    const db = await getDb();
    await db.insert(creators).values({ name: "Fresh School", slug: "fresh-school" });
    forgetSiteHost({ kind: "subdomain", slug: "fresh-school" });
    expect((await call("http://fresh-school.localhost:3000/")).headers.get("x-middleware-rewrite")).toBe("http://fresh-school.localhost:3000/t/fresh-school");
  });

  it("a subdomain whose school has a verified custom domain redirects there, path and query kept; unverified does nothing", async () => {
    const db = await getDb();
    const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
    await db.insert(domains).values({ creatorId: acme!.id, hostname: "learn.acme.test", verificationToken: "t" });
    forgetCanonicalHost("acme");
    expect((await call("http://acme.localhost:3000/courses/x?ref=1")).status).toBe(200);
    await db.update(domains).set({ verifiedAt: new Date() }).where(eq(domains.hostname, "learn.acme.test"));
    forgetCanonicalHost("acme");
    const r = await call("http://acme.localhost:3000/courses/x?ref=1");
    expect(r.status).toBe(308);
    // (custom domains are served on the platform's port: none in production, 3000 here)
    expect(r.headers.get("location")).toBe("http://learn.acme.test:3000/courses/x?ref=1");
    // …but the custom domain itself, other schools, and non-GET requests are served where they are.
    expect((await call("http://learn.acme.test/courses/x")).headers.get("x-middleware-rewrite")).toBe("http://learn.acme.test/t/~learn.acme.test/courses/x");
    expect((await call("http://beta.localhost:3000/")).status).toBe(200);
    expect((await call("http://acme.localhost:3000/x", { method: "POST", headers: { "content-type": "text/plain" } })).status).toBe(200);
    // A one-time token in the address (a reset or sign-in link) is used on the host it was sent to, not carried to another.
    const withToken = await call("http://acme.localhost:3000/reset-password?token=abc");
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get("location")).toBeNull();
  });

  it("passwords and one-time links stay on the subdomain: the custom domain sends its account pages there, the subdomain keeps them", async () => {
    // learn.acme.test is acme's verified domain (the test above).
    const signIn = await call("http://learn.acme.test/sign-in?next=%2Flearn%2Fx");
    expect(signIn.status).toBe(307);
    // The browser is marked on the custom domain with a one-time nonce, carried along as `hn` (the handoff back checks it).
    const to = new URL(signIn.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe("http://acme.localhost:3000/sign-in");
    expect(to.searchParams.get("next")).toBe("/learn/x");
    const nonce = to.searchParams.get("hn")!;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith("cf_handoff="))!;
    expect(cookie).toContain(`cf_handoff=${nonce}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toContain("Path=/");
    // A browser that has no mark gets a new one; one that has its mark keeps it (another tab, a prefetch).
    const fresh = new URL((await call("http://learn.acme.test/sign-in")).headers.get("location")!).searchParams.get("hn");
    expect(fresh).not.toBe(nonce);
    const kept = await call("http://learn.acme.test/sign-up", { headers: { cookie: `cf_handoff=${nonce}` } });
    expect(new URL(kept.headers.get("location")!).searchParams.get("hn")).toBe(nonce);
    // Two marks (one shadowing the other from a sibling host) are not trusted: a new one replaces them.
    const two = await call("http://learn.acme.test/sign-in", { headers: { cookie: `cf_handoff=${nonce}; cf_handoff=${nonce}x` } });
    expect(new URL(two.headers.get("location")!).searchParams.get("hn")).not.toMatch(new RegExp(`^${nonce}`));
    expect((await call("http://learn.acme.test/forgot-password")).headers.get("location")).toMatch(/^http:\/\/acme\.localhost:3000\/forgot-password\?hn=/);
    for (const path of ["/sign-in?next=%2Flearn%2Fx", "/sign-up", "/forgot-password", "/reset-password?token=abc", "/account"]) {
      const r = await call(`http://acme.localhost:3000${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get("x-middleware-rewrite"), path).toBe(`http://acme.localhost:3000/t/acme${path}`);
    }
    // The account page's receipts and the rest still live on the custom domain.
    expect((await call("http://acme.localhost:3000/account/orders/1")).status).toBe(308);
    expect((await call("http://learn.acme.test/account")).headers.get("x-middleware-rewrite")).toBe("http://learn.acme.test/t/~learn.acme.test/account");
  });
});
