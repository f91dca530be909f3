import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Better Auth's per-IP limiter on (it is off for the rest of the suite), and a proxy range we trust.
vi.hoisted(() => {
  process.env.AUTH_RATE_LIMIT = "on";
  process.env.TRUSTED_PROXIES = "10.0.0.0/8";
});

import { getDb } from "@/db/client";
import { creators, domains, emailMessages, session, user } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { authFetch, sessionCookie, signIn, signInThroughHandoff } from "../../../test/helpers";

const APP = "app.localhost:3000";
const ACME = "acme.localhost:3000";
const BETA = "beta.localhost:3000";
const CUSTOM = "learn.acme-art.test";
const EVIL = ["http://evil.example/steal", "https://evil.example/steal", "//evil.example/steal", "http://localhost:3000/steal"];

let peerSeq = 0;
/** A fresh client address per test, so Better Auth's per-IP limiter never couples two tests. */
const freshPeer = () => `203.0.113.${++peerSeq}`;

async function mailsTo(address: string, tag?: string) {
  const db = await getDb();
  return db
    .select()
    .from(emailMessages)
    .where(tag ? and(eq(emailMessages.toAddress, address), eq(emailMessages.tag, tag)) : eq(emailMessages.toAddress, address));
}

/** signIn from a fresh client address (the per-IP limiter stays out of the way). */
async function signInFresh(host: string, email: string) {
  const res = await authFetch({ host, path: "/sign-in/email", body: { email, password: "courseforge-demo" }, peer: freshPeer() });
  return sessionCookie(res);
}

async function signUp(host: string, email: string, name = "Test Person", peer = freshPeer()) {
  const res = await authFetch({ host, path: "/sign-up/email", body: { email, password: "long-enough-pw", name }, peer });
  expect(res.status, await res.clone().text()).toBe(200);
  return sessionCookie(res);
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
  await db.insert(domains).values({ creatorId: acme!.id, hostname: CUSTOM, verificationToken: "t", verifiedAt: new Date() });
});

describe("trusted origins and redirect targets: only hosts we serve", () => {
  it("request-password-reset with a foreign redirectTo is refused with 403 and sends no email", async () => {
    for (const redirectTo of EVIL) {
      const res = await authFetch({ host: APP, path: "/request-password-reset", body: { email: "owner@beta.test", redirectTo }, peer: freshPeer() });
      expect(res.status, redirectTo).toBe(403);
    }
    expect(await mailsTo("owner@beta.test", "reset-password")).toEqual([]);
  });

  it("sign-up with a foreign callbackURL is refused and creates nobody", async () => {
    const res = await authFetch({
      host: ACME,
      path: "/sign-up/email",
      body: { email: "cb.victim@x.test", password: "long-enough-pw", name: "V", callbackURL: "http://evil.example/" },
      peer: freshPeer(),
    });
    expect(res.status).toBe(403);
    const db = await getDb();
    expect(await db.select().from(user).where(eq(user.email, "cb.victim@x.test"))).toEqual([]);
  });

  it("magic-link sign-in refuses a foreign callbackURL, newUserCallbackURL or errorCallbackURL", async () => {
    for (const field of ["callbackURL", "newUserCallbackURL", "errorCallbackURL"]) {
      const res = await authFetch({
        host: ACME,
        path: "/sign-in/magic-link",
        body: { email: "student@acme.test", [field]: "https://evil.example/x" },
        peer: freshPeer(),
      });
      expect(res.status, field).toBe(403);
    }
    expect(await mailsTo("student@acme.test", "magic-link")).toEqual([]);
  });

  it("send-verification-email refuses a foreign callbackURL", async () => {
    const res = await authFetch({
      host: APP,
      path: "/send-verification-email",
      body: { email: "owner@acme.test", callbackURL: "http://evil.example/" },
      peer: freshPeer(),
    });
    expect(res.status).toBe(403);
  });

  it("the links in emails cannot be pointed elsewhere: verify-email, reset-password and magic-link verify refuse a foreign callbackURL", async () => {
    for (const path of [
      "/verify-email?token=x&callbackURL=http%3A%2F%2Fevil.example%2F",
      "/reset-password/some-token?callbackURL=http%3A%2F%2Fevil.example%2F",
      "/magic-link/verify?token=x&callbackURL=http%3A%2F%2Fevil.example%2F",
    ]) {
      const res = await authFetch({ host: ACME, path, peer: freshPeer() });
      expect(res.status, path).toBe(403);
      expect(res.headers.get("location") ?? "").not.toContain("evil.example");
    }
  });

  it("a sign-in POST from a foreign Origin gets 403 (http and https alike), before the password is checked", async () => {
    for (const origin of ["http://evil.example", "https://evil.example", "http://acme.localhost:3000.evil.example", "null"]) {
      const res = await authFetch({
        host: APP,
        path: "/sign-in/email",
        body: { email: "owner@acme.test", password: "courseforge-demo" },
        origin,
        peer: freshPeer(),
      });
      expect(res.status, origin).toBe(403);
      expect(res.headers.getSetCookie().join(";")).not.toContain("session_token");
    }
  });

  it("a cross-origin update-user with the victim's cookie is refused and changes nothing", async () => {
    const cookie = await signIn(APP, "editor@acme.test");
    const res = await authFetch({ host: APP, path: "/update-user", body: { name: "Pwned" }, cookie, origin: "http://evil.example" });
    expect(res.status).toBe(403);
    const db = await getDb();
    const [u] = await db.select().from(user).where(eq(user.email, "editor@acme.test"));
    expect(u!.name).toBe("Eddie Editor");
  });

  it("our own hosts are accepted: a relative path, the app host, and a school's own host", async () => {
    expect(
      (await authFetch({ host: APP, path: "/request-password-reset", body: { email: "owner@acme.test", redirectTo: "/reset-password" }, peer: freshPeer() }))
        .status,
    ).toBe(200);
    expect(
      (
        await authFetch({
          host: APP,
          path: "/request-password-reset",
          body: { email: "owner@acme.test", redirectTo: "http://app.localhost:3000/reset-password" },
          peer: freshPeer(),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await authFetch({
          host: ACME,
          path: "/sign-in/magic-link",
          body: { email: "student@acme.test", callbackURL: "http://acme.localhost:3000/library" },
          peer: freshPeer(),
        })
      ).status,
    ).toBe(200);
  });

  it("a school's reset link cannot be aimed at another school or at a subdomain nobody serves", async () => {
    for (const redirectTo of ["http://beta.localhost:3000/reset-password", "http://nobody-yet.localhost:3000/x", "http://a.b.localhost:3000/x"]) {
      const res = await authFetch({ host: ACME, path: "/request-password-reset", body: { email: "student@acme.test", redirectTo }, peer: freshPeer() });
      expect(res.status, redirectTo).toBe(403);
    }
    const verify = await authFetch({ host: ACME, path: "/verify-email?token=x&callbackURL=http%3A%2F%2Fbeta.localhost%3A3000%2Fcourses", peer: freshPeer() });
    expect(verify.status).toBe(403);
  });

  it("a school with a custom domain builds its links on its subdomain, which it serves too; foreign targets are refused", async () => {
    const ok = await authFetch({
      host: ACME,
      path: "/request-password-reset",
      body: { email: "student@acme.test", redirectTo: "/reset-password" },
      peer: freshPeer(),
    });
    expect(ok.status).toBe(200);
    const [mail] = (await mailsTo("student@acme.test", "reset-password")).filter((m) => m.html.includes(`http://${ACME}/api/auth/reset-password/`));
    expect(mail).toBeDefined();
    const bad = await authFetch({
      host: ACME,
      path: "/request-password-reset",
      body: { email: "student@acme.test", redirectTo: `http://${CUSTOM}/reset-password` },
      peer: freshPeer(),
    });
    expect(bad.status).toBe(403);
  });
});

describe("a custom domain (its DNS is the school's) never sees a password, a one-time link or an account change", () => {
  it("every endpoint that takes a password, mails a link or changes the account answers 403 there, and nothing happens", async () => {
    const before = (await mailsTo("student@acme.test")).length;
    const cookie = (await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() })).custom;
    const calls: [string, unknown][] = [
      ["/sign-in/email", { email: "student@acme.test", password: "courseforge-demo" }],
      ["/sign-up/email", { email: "custom.new@x.test", password: "long-enough-pw", name: "N" }],
      ["/sign-in/magic-link", { email: "student@acme.test", callbackURL: "/library" }],
      ["/request-password-reset", { email: "student@acme.test", redirectTo: "/reset-password" }],
      ["/reset-password", { newPassword: "another-long-pw", token: "x" }],
      ["/send-verification-email", { email: "student@acme.test" }],
      ["/change-email", { newEmail: "taken.over@evil.test", callbackURL: "/account" }],
      ["/change-password", { currentPassword: "courseforge-demo", newPassword: "another-long-pw" }],
      ["/update-user", { name: "Renamed By The School" }],
    ];
    for (const [path, body] of calls) {
      const res = await authFetch({ host: CUSTOM, path, body, cookie, peer: freshPeer() });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { code: string }).code, path).toBe("USE_SCHOOL_ADDRESS");
    }
    for (const path of ["/magic-link/verify?token=x&callbackURL=%2F", "/verify-email?token=x", "/reset-password/x?callbackURL=%2F", "/handoff/start"]) {
      expect((await authFetch({ host: CUSTOM, path, cookie })).status, path).toBe(403);
    }
    expect((await mailsTo("student@acme.test")).length).toBe(before);
    const db = await getDb();
    expect(await db.select().from(user).where(eq(user.email, "custom.new@x.test"))).toEqual([]);
    expect((await db.select().from(user).where(eq(user.email, "student@acme.test")))[0]!.name).not.toBe("Renamed By The School");
  });

  it("the session reaches the custom domain by a one-time code bound to it; it is valid there only", async () => {
    const { sub, custom, landed, acceptUrl } = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", next: "/learn/x", peer: freshPeer() });
    expect(acceptUrl.host).toBe(`${CUSTOM}:3000`);
    expect(landed).toBe("/learn/x");
    const whoIs = async (host: string, cookie: string) =>
      ((await (await authFetch({ host, path: "/get-session", cookie })).json()) as { user?: { email: string } } | null)?.user?.email ?? null;
    expect(await whoIs(CUSTOM, custom)).toBe("student@acme.test");
    expect(await whoIs(ACME, custom)).toBeNull();
    expect(await whoIs(APP, custom)).toBeNull();
    expect(await whoIs(ACME, sub)).toBe("student@acme.test");
    // The code works once.
    const again = await authFetch({ host: CUSTOM, path: `/handoff/accept${acceptUrl.search}` });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/sign-in?handoff=failed&next=%2Flearn%2Fx");
    expect(again.headers.getSetCookie().some((c) => c.startsWith("cf.session_token="))).toBe(false);
  });

  it("a code is honoured only on the domain it was minted for, never on the subdomain, another school or the app", async () => {
    const db = await getDb();
    const [beta] = await db.select().from(creators).where(eq(creators.slug, "beta"));
    await db
      .insert(domains)
      .values({ creatorId: beta!.id, hostname: "learn.beta-art.test", verificationToken: "t", verifiedAt: new Date() })
      .onConflictDoNothing();
    for (const host of ["learn.beta-art.test", ACME, APP, BETA]) {
      const sub = await signInFresh(ACME, "student@acme.test");
      const start = await authFetch({ host: ACME, path: "/handoff/start", cookie: sub });
      const code = new URL(start.headers.get("location")!).searchParams.get("code")!;
      const res = await authFetch({ host, path: `/handoff/accept?code=${code}` });
      expect(
        res.headers.getSetCookie().some((c) => c.startsWith("cf.session_token=")),
        host,
      ).toBe(false);
      // …and the code is spent: the school's own domain cannot use it afterwards either.
      const late = await authFetch({ host: CUSTOM, path: `/handoff/accept?code=${code}` });
      if (host !== ACME && host !== APP && host !== BETA)
        expect(
          late.headers.getSetCookie().some((c) => c.startsWith("cf.session_token=")),
          host,
        ).toBe(false);
    }
    await db.delete(domains).where(eq(domains.hostname, "learn.beta-art.test"));
    (await import("@/lib/tenant/canonical")).forgetSiteHost({ kind: "subdomain", slug: "beta" });
    // Made-up and missing codes sign nobody in.
    for (const path of ["/handoff/accept?code=made-up", "/handoff/accept"]) {
      const res = await authFetch({ host: CUSTOM, path });
      expect(res.status, path).toBe(302);
      expect(
        res.headers.getSetCookie().some((c) => c.startsWith("cf.session_token=")),
        path,
      ).toBe(false);
    }
  });

  it("starting a handoff needs a session on the subdomain, and the target is the school's own domain whatever is asked", async () => {
    const none = await authFetch({ host: ACME, path: "/handoff/start?next=%2Flibrary" });
    expect(none.status).toBe(302);
    expect(none.headers.get("location")).toBe("/sign-in?next=%2Flibrary");
    const sub = await signInFresh(ACME, "student@acme.test");
    for (const next of ["https://evil.example/x", "//evil.example/x", `http://${CUSTOM}:3000/x`]) {
      const start = await authFetch({ host: ACME, path: `/handoff/start?next=${encodeURIComponent(next)}`, cookie: sub });
      const to = new URL(start.headers.get("location")!);
      expect(to.host, next).toBe(`${CUSTOM}:3000`);
      expect(to.searchParams.get("next"), next).toBe("/library");
    }
    // A school without a custom domain: straight on, no code.
    const beta = await signInFresh(BETA, "owner@beta.test");
    const r = await authFetch({ host: BETA, path: "/handoff/start?next=%2Flearn%2Fy", cookie: beta });
    expect(r.headers.get("location")).toBe("/learn/y");
  });

  it("signing out on either host ends the school's sessions on both, cookie cache or not; Sign in then asks again", async () => {
    const { subAll, custom } = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() });
    const out = await authFetch({ host: CUSTOM, path: "/sign-out", body: {}, cookie: custom });
    expect(out.status).toBe(200);
    // The subdomain's session is nobody, and even with its minute-long cache cookie no new code is minted.
    expect(
      await (await authFetch({ host: ACME, path: "/get-session", cookie: subAll.split("; ").find((c) => c.startsWith("cf.session_token="))! })).json(),
    ).toBeNull();
    const start = await authFetch({ host: ACME, path: "/handoff/start", cookie: subAll });
    expect(start.headers.get("location")).toBe("/sign-in?next=%2Flibrary");

    const again = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() });
    expect((await authFetch({ host: ACME, path: "/sign-out", body: {}, cookie: again.sub })).status).toBe(200);
    expect(await (await authFetch({ host: CUSTOM, path: "/get-session", cookie: again.custom })).json()).toBeNull();
  });

  it("login CSRF: a code pushed at another browser signs nothing in without asking; the page names the account and only a same-origin POST continues", async () => {
    const victim = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() });
    // The attacker signs in on the subdomain with their own account and keeps the accept link instead of following it.
    const attacker = await signInFresh(ACME, "owner@beta.test");
    const start = await authFetch({ host: ACME, path: "/handoff/start?next=%2Fcheckout%2Fx&hn=attackers-own-nonce-0123456789", cookie: attacker });
    const link = new URL(start.headers.get("location")!);
    // The victim opens it: their browser carries its own nonce cookie (or none, or the attacker's shadowed by
    // theirs from a sibling host), so nothing is signed in…
    for (const cookie of [
      `${victim.custom}; cf_handoff=${victim.nonce}`,
      victim.custom,
      `${victim.custom}; cf_handoff=attackers-own-nonce-0123456789; cf_handoff=${victim.nonce}`,
    ]) {
      const res = await authFetch({ host: CUSTOM, path: `/handoff/accept${link.search}`, cookie });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith("cf.session_token="))).toBe(false);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      const html = await res.text();
      expect(html).toContain("Continue as owner@beta.test");
      expect(html).toContain('<form method="post" action="/api/auth/handoff/accept"');
    }
    const who = async (cookie: string) =>
      ((await (await authFetch({ host: CUSTOM, path: "/get-session", cookie })).json()) as { user?: { email: string } } | null)?.user?.email;
    expect(await who(victim.custom)).toBe("student@acme.test");
    // …and a POST from another site (or without an Origin) cannot press the button for them.
    const code = link.searchParams.get("code")!;
    const form = { code, next: "/checkout/x" };
    expect((await authFetch({ host: CUSTOM, path: "/handoff/accept", body: form, origin: "https://evil.example" })).status).toBe(403);
    const noOrigin = await authFetch({ host: CUSTOM, path: "/handoff/accept", body: form, origin: null });
    expect(noOrigin.headers.getSetCookie().some((c) => c.startsWith("cf.session_token="))).toBe(false);
  });

  it("a link opened in another browser (from an email) asks once, and the page's button (a plain form) signs in there", async () => {
    const sub = await signInFresh(ACME, "student@acme.test");
    const start = await authFetch({ host: ACME, path: "/handoff/start?next=%2Flearn%2Fz", cookie: sub });
    const link = new URL(start.headers.get("location")!);
    const page = await authFetch({ host: CUSTOM, path: `/handoff/accept${link.search}` });
    expect(await page.text()).toContain("Continue as student@acme.test");
    // The page lets its form's POST carry the page's Origin (with no-referrer a browser would send "null").
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    // What the browser sends when the button is pressed: a urlencoded form, with the page's Origin.
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const post = await POST(
      new Request(`http://${CUSTOM}/api/auth/handoff/accept`, {
        method: "POST",
        headers: {
          host: CUSTOM,
          origin: `http://${CUSTOM}`,
          "content-type": "application/x-www-form-urlencoded",
          "x-courseforge-peer": `${process.env.COURSEFORGE_PEER_KEY} ${freshPeer()}`,
        },
        body: new URLSearchParams({ code: link.searchParams.get("code")!, next: "/learn/z" }).toString(),
      }),
    );
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toBe("/learn/z");
    const cookie = sessionCookie(post);
    expect(((await (await authFetch({ host: CUSTOM, path: "/get-session", cookie })).json()) as { user: { email: string } }).user.email).toBe(
      "student@acme.test",
    );
  });

  it("a domain that changes hands keeps nothing: its sessions end when it is removed, and a code minted by the old school is refused", async () => {
    const { removeDomain } = await import("@/db/queries/domains");
    const { systemScope } = await import("@/db/scope");
    const { forgetSiteHost } = await import("@/lib/tenant/canonical");
    const db = await getDb();
    const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
    const [beta] = await db.select().from(creators).where(eq(creators.slug, "beta"));
    const { custom } = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() });
    const sub = await signInFresh(ACME, "student@acme.test");
    const nonce = "pending-code-nonce-0123456789abcdef";
    const pending = new URL((await authFetch({ host: ACME, path: `/handoff/start?hn=${nonce}`, cookie: sub })).headers.get("location")!);

    const [row] = await db.select().from(domains).where(eq(domains.hostname, CUSTOM));
    const [owner] = await db.select().from(user).where(eq(user.email, "owner@acme.test"));
    await removeDomain(systemScope(acme!.id), { actorUserId: owner!.id, id: row!.id });
    // (the domain is no longer served at all, so its sessions are looked for in the table)
    expect(custom).toMatch(/^cf\.session_token=/);
    expect(await db.select().from(session).where(eq(session.host, CUSTOM))).toEqual([]);
    // The name is verified by another school: the old school's code signs nobody in there.
    await db.insert(domains).values({ creatorId: beta!.id, hostname: CUSTOM, verificationToken: "t", verifiedAt: new Date() });
    forgetSiteHost({ kind: "custom", hostname: CUSTOM });
    const res = await authFetch({ host: CUSTOM, path: `/handoff/accept${pending.search}`, cookie: `cf_handoff=${nonce}` });
    expect(res.headers.getSetCookie().some((c) => c.startsWith("cf.session_token="))).toBe(false);
    expect(res.headers.get("location")).toMatch(/^\/sign-in\?handoff=failed/);
    // Back to acme for the tests that follow.
    await db.delete(domains).where(eq(domains.hostname, CUSTOM));
    await db.insert(domains).values({ creatorId: acme!.id, hostname: CUSTOM, verificationToken: "t", verifiedAt: new Date() });
    forgetSiteHost({ kind: "custom", hostname: CUSTOM });
    forgetSiteHost({ kind: "subdomain", slug: "acme" });
  });
});

describe("a session is valid only on the host that issued it", () => {
  async function whoIs(host: string, cookie: string) {
    const res = await authFetch({ host, path: "/get-session", cookie });
    return ((await res.json()) as { user?: { email: string } } | null)?.user?.email ?? null;
  }

  it("a student's session from acme is nobody on the app host, on beta and on a custom domain", async () => {
    const cookie = await signIn(ACME, "student@acme.test");
    expect(await whoIs(ACME, cookie)).toBe("student@acme.test");
    expect(await whoIs(APP, cookie)).toBeNull();
    expect(await whoIs(BETA, cookie)).toBeNull();
    expect(await whoIs(CUSTOM, cookie)).toBeNull();
  });

  it("a dashboard session is nobody on a school's site or its custom domain, and the custom domain's is nobody on the dashboard", async () => {
    const app = await signIn(APP, "owner@acme.test");
    expect(await whoIs(APP, app)).toBe("owner@acme.test");
    expect(await whoIs(ACME, app)).toBeNull();
    expect(await whoIs(CUSTOM, app)).toBeNull();
    const { custom } = await signInThroughHandoff({ subHost: ACME, email: "student@acme.test", peer: freshPeer() });
    expect(await whoIs(CUSTOM, custom)).toBe("student@acme.test");
    expect(await whoIs(APP, custom)).toBeNull();
    expect(await whoIs(ACME, custom)).toBeNull();
  });

  it("a replayed foreign session cannot change the account (update-user answers 401)", async () => {
    const cookie = await signIn(ACME, "owner@acme.test");
    const res = await authFetch({ host: APP, path: "/update-user", body: { name: "Changed From Acme" }, cookie });
    expect(res.status).toBe(401);
    const db = await getDb();
    const [u] = await db.select().from(user).where(eq(user.email, "owner@acme.test"));
    expect(u!.name).toBe("Olivia Owner");
  });

  it("server code reading the session (pages, actions, routes) applies the same rule", async () => {
    const { sessionForRequest } = await import("./session");
    const cookie = await signIn(ACME, "student@acme.test");
    expect((await sessionForRequest(new Headers({ host: ACME, cookie })))?.user.email).toBe("student@acme.test");
    expect(await sessionForRequest(new Headers({ host: APP, cookie }))).toBeNull();
    expect(await sessionForRequest(new Headers({ host: BETA, cookie }))).toBeNull();
  });

  it("every session records its host", async () => {
    await signIn(BETA, "owner@beta.test");
    const db = await getDb();
    const rows = await db.select({ host: session.host }).from(session).innerJoin(user, eq(user.id, session.userId)).where(eq(user.email, "owner@beta.test"));
    expect(rows.map((r) => r.host)).toContain("beta.localhost");
  });
});

describe("rate limits cannot be used to lock someone else out", () => {
  it("five wrong passwords from one address do not block the owner signing in from another", async () => {
    await signUp(APP, "lockout.victim@x.test");
    const attacker = freshPeer();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await authFetch({ host: APP, path: "/sign-in/email", body: { email: "lockout.victim@x.test", password: `wrong-${i}` }, peer: attacker })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const victim = await authFetch({
      host: APP,
      path: "/sign-in/email",
      body: { email: "lockout.victim@x.test", password: "long-enough-pw" },
      peer: freshPeer(),
    });
    expect(victim.status).toBe(200);
    // and the attacker's address stays blocked for that account
    expect(
      (await authFetch({ host: APP, path: "/sign-in/email", body: { email: "lockout.victim@x.test", password: "long-enough-pw" }, peer: attacker })).status,
    ).toBe(429);
  });

  // 51 sign-ins, each hashing a password: seconds of CPU, more when the machine is busy.
  it("a looser per-account ceiling still stops a guess spread over many addresses", async () => {
    await signUp(APP, "distributed.victim@x.test");
    const { RULES } = await import("./rate-limit");
    const ceiling = RULES.signInFailuresPerAccount.points;
    let last = 0;
    for (let i = 0; i < ceiling; i++) {
      last = (
        await authFetch({
          host: APP,
          path: "/sign-in/email",
          body: { email: "distributed.victim@x.test", password: `wrong-${i}` },
          peer: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        })
      ).status;
    }
    expect(last).toBe(401);
    const after = await authFetch({
      host: APP,
      path: "/sign-in/email",
      body: { email: "distributed.victim@x.test", password: "wrong-again" },
      peer: freshPeer(),
    });
    expect(after.status).toBe(429);
  }, 120_000);

  it("emailed links: a stranger spamming reset requests from one address does not stop the owner asking from another", async () => {
    const stranger = freshPeer();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await authFetch({ host: ACME, path: "/request-password-reset", body: { email: "owner@beta.test", redirectTo: "/reset-password" }, peer: stranger }))
          .status,
      );
    }
    expect(statuses.slice(0, 5).every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses[5]).toBe(429);
    const owner = await authFetch({
      host: APP,
      path: "/request-password-reset",
      body: { email: "owner@beta.test", redirectTo: "/reset-password" },
      peer: freshPeer(),
    });
    expect(owner.status).toBe(200);
  });
});

describe("client addresses: forwarding headers only from trusted proxies", () => {
  it("fresh X-Forwarded-For values from an untrusted peer are ignored (Better Auth's per-IP limiter trips)", async () => {
    const peer = freshPeer();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await authFetch({
        host: APP,
        path: "/sign-in/email",
        body: { email: `xff-${i}@x.test`, password: "whatever-pw" },
        peer,
        headers: { "x-forwarded-for": `192.0.2.${i + 1}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    // The answer says what was limited and when to try again, not a bare "Too many requests".
    const limited = await authFetch({ host: APP, path: "/sign-in/email", body: { email: "xff-last@x.test", password: "whatever-pw" }, peer });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { message: string }).message).toMatch(/^Too many sign-in attempts from your network\. Try again in \d+ minutes?\.$/);
    const reset = freshPeer();
    const answers: { status: number; message?: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await authFetch({
        host: APP,
        path: "/request-password-reset",
        body: { email: `limit-${i}@x.test`, redirectTo: "/reset-password" },
        peer: reset,
      });
      answers.push({ status: r.status, message: ((await r.json()) as { message?: string }).message });
    }
    expect(answers.find((a) => a.status === 429)?.message).toMatch(/^Too many password reset emails requested from your network\. Try again in 1 minute\.$/);
  });

  it("the same from a trusted proxy counts each forwarded client on its own", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await authFetch({
        host: APP,
        path: "/sign-in/email",
        body: { email: `xff-trusted-${i}@x.test`, password: "whatever-pw" },
        peer: "10.1.2.3",
        headers: { "x-forwarded-for": `192.0.2.${100 + i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
  });

  it("a peer stamp without this process's key is not believed, and a client cannot set the resolved address itself", async () => {
    const { requestClientIp } = await import("@/lib/net/request-ip");
    expect(requestClientIp(new Headers({ "x-courseforge-peer": "forged-key 192.0.2.1" }))).toBeNull();
    expect(requestClientIp(new Headers({ "x-courseforge-peer": `${process.env.COURSEFORGE_PEER_KEY} 192.0.2.1` }))).toBe("192.0.2.1");
    const statuses: number[] = [];
    const peer = freshPeer();
    for (let i = 0; i < 12; i++) {
      const res = await authFetch({
        host: APP,
        path: "/sign-in/email",
        body: { email: `forge-${i}@x.test`, password: "whatever-pw" },
        peer,
        headers: { "x-courseforge-client-ip": `192.0.2.${i + 50}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
  });
});

describe("an address someone typed proves nothing", () => {
  it("when the mailbox owner confirms an account someone else created, the creator's password and sessions stop working", async () => {
    const attacker = await signUp(APP, "claimed.owner@x.test", "Not The Owner");
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "claimed.owner@x.test"), eq(emailMessages.tag, "verify-email")));
    const link = new URL(/href="([^"]+verify-email[^"]+)"/.exec(mail!.html)![1]!.replace(/&amp;/g, "&"));
    // the real owner clicks the link in their inbox, in a browser that is not signed in
    const verified = await authFetch({ host: APP, path: `/verify-email${link.search}` });
    expect(verified.status).toBe(302);
    const ownerCookie = sessionCookie(verified);
    expect((await (await authFetch({ host: APP, path: "/get-session", cookie: ownerCookie })).json())?.user?.email).toBe("claimed.owner@x.test");
    // the attacker's session is gone and their password no longer signs in
    expect(await (await authFetch({ host: APP, path: "/get-session", cookie: attacker })).json()).toBeNull();
    const again = await authFetch({
      host: APP,
      path: "/sign-in/email",
      body: { email: "claimed.owner@x.test", password: "long-enough-pw" },
      peer: freshPeer(),
    });
    expect(again.status).toBe(401);
    // and the owner is told why a password does not work, and what to do
    expect(((await again.json()) as { message: string }).message).toMatch(/no password: it was removed for safety.*sign-in link.*Forgot password/);
    // "Forgot password?" sets one
    expect(
      (
        await authFetch({
          host: APP,
          path: "/request-password-reset",
          body: { email: "claimed.owner@x.test", redirectTo: "/reset-password" },
          peer: freshPeer(),
        })
      ).status,
    ).toBe(200);
    const [reset] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "claimed.owner@x.test"), eq(emailMessages.tag, "reset-password")));
    const token = /reset-password\/([^?"]+)/.exec(reset!.html)![1]!;
    expect((await authFetch({ host: APP, path: "/reset-password", body: { newPassword: "the-owners-own-pw", token }, peer: freshPeer() })).status).toBe(200);
    expect(
      (await authFetch({ host: APP, path: "/sign-in/email", body: { email: "claimed.owner@x.test", password: "the-owners-own-pw" }, peer: freshPeer() }))
        .status,
    ).toBe(200);
  });

  it("confirming from the browser that signed up keeps the password", async () => {
    const cookie = await signUp(APP, "same.browser@x.test");
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "same.browser@x.test"), eq(emailMessages.tag, "verify-email")));
    const link = new URL(/href="([^"]+verify-email[^"]+)"/.exec(mail!.html)![1]!.replace(/&amp;/g, "&"));
    expect((await authFetch({ host: APP, path: `/verify-email${link.search}`, cookie })).status).toBe(302);
    expect(
      (await authFetch({ host: APP, path: "/sign-in/email", body: { email: "same.browser@x.test", password: "long-enough-pw" }, peer: freshPeer() })).status,
    ).toBe(200);
  });

  it("fields a plugin stores (the Stripe customer id) cannot be set from a browser", async () => {
    const signUpRes = await authFetch({
      host: APP,
      path: "/sign-up/email",
      body: { email: "stripe.field@x.test", password: "long-enough-pw", name: "S", stripeCustomerId: "cus_VictimSchool0001" },
      peer: freshPeer(),
    });
    expect(signUpRes.status).toBe(400);
    const cookie = await signUp(APP, "stripe.field2@x.test");
    const upd = await authFetch({ host: APP, path: "/update-user", body: { name: "S2", stripeCustomerId: "cus_other" }, cookie });
    expect(upd.status).toBe(400);
    const db = await getDb();
    const rows = await db.select({ c: user.stripeCustomerId }).from(user).where(like(user.email, "stripe.field%"));
    expect(rows.map((r) => r.c)).toEqual([null]);
  });
});

describe("account-wide endpoints and bodies", () => {
  it("session management endpoints that reach every host's sessions are not served", async () => {
    const cookie = await signIn(ACME, "student@acme.test");
    for (const path of ["/list-sessions", "/revoke-other-sessions", "/revoke-sessions", "/list-accounts"]) {
      const res = await authFetch({ host: ACME, path, body: path === "/list-sessions" || path === "/list-accounts" ? undefined : {}, cookie });
      expect(res.status, path).toBe(404);
    }
  });

  it("an auth request body that streams past 1 MB is cut off (413) without being read to the end", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 20 * 1024 * 1024) return c.close();
        c.enqueue(chunk);
        sent += chunk.byteLength;
        pulled += chunk.byteLength;
      },
    });
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const res = await POST(
      new Request(`http://${APP}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { host: APP, origin: `http://${APP}`, "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("an IPv6 client is one client per /64 for the sign-in limit", async () => {
    await signUp(APP, "v6.victim@x.test");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await authFetch({ host: APP, path: "/sign-in/email", body: { email: "v6.victim@x.test", password: `wrong-${i}` }, peer: `2001:db8:77:1::${i + 1}` }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("profile fields are bounded", () => {
  it("sign-up refuses an over-long, a 3 MB, a numeric and a control-character name, and creates nobody", async () => {
    const cases: [unknown, number][] = [
      ["x".repeat(101), 400],
      ["x".repeat(3 * 1024 * 1024), 413],
      [12345, 400],
      [["a"], 400],
      ["Bob\u0000Smith", 400],
      ["   ", 400],
    ];
    for (const [name, status] of cases) {
      const res = await authFetch({
        host: ACME,
        path: "/sign-up/email",
        body: { email: "bounded@x.test", password: "long-enough-pw", name },
        peer: freshPeer(),
      });
      expect(res.status, JSON.stringify(name).slice(0, 40)).toBe(status);
    }
    const db = await getDb();
    expect(await db.select().from(user).where(eq(user.email, "bounded@x.test"))).toEqual([]);
  });

  it("sign-up refuses an image that is not ours or https, and an over-long email", async () => {
    for (const body of [
      { email: "img@x.test", name: "Img", image: "javascript:alert(1)" },
      { email: "img@x.test", name: "Img", image: "http://evil.example/x.png" },
      { email: `${"a".repeat(250)}@x.test`, name: "Long" },
    ]) {
      const res = await authFetch({ host: ACME, path: "/sign-up/email", body: { ...body, password: "long-enough-pw" }, peer: freshPeer() });
      expect(res.status).toBe(400);
    }
  });

  it("update-user refuses a long or numeric name with a clear message and keeps the old one", async () => {
    const cookie = await signUp(ACME, "renamer@x.test", "Rena Mer");
    for (const name of ["y".repeat(500), 42]) {
      const res = await authFetch({ host: ACME, path: "/update-user", body: { name }, cookie });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/name/i);
    }
    expect((await authFetch({ host: ACME, path: "/update-user", body: { name: "Rena Renamed" }, cookie })).status).toBe(200);
    const db = await getDb();
    expect((await db.select().from(user).where(like(user.email, "renamer@x.test")))[0]!.name).toBe("Rena Renamed");
  });
});
