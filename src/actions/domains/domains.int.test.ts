import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { creators, domains, jobRuns, jobSteps } from "@/db/schema";
import { findSiteRecord } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { FakeDns } from "../../../test/fake-dns";
import { drainJobs, signIn } from "../../../test/helpers";

// Domain checks go through Node's resolver to a DNS server the test programs (before anything reads the env).
const dns = await new FakeDns().start();
process.env.DNS_SERVERS = `127.0.0.1:${dns.port}`;
process.env.CUSTOM_DOMAIN_TARGET = "domains.courseforge.test";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

const { addDomainAction } = await import("./add-domain");
const { verifyDomainAction } = await import("./verify-domain");
const { removeDomainAction } = await import("./remove-domain");
const { makePrimaryDomainAction } = await import("./make-primary-domain");
const { siteHostStatus } = await import("@/lib/tenant/canonical");

const APP = "app.localhost:3000";
const cookies: Record<string, string> = {};
async function as(email: string) {
  cookies[email] ??= await signIn(APP, email);
  requestHeaders = new Headers({ host: APP, cookie: cookies[email]! });
}

async function row(hostname: string, slug = "acme") {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  const [d] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.hostname, hostname), eq(domains.creatorId, c!.id)));
  return d;
}

/** Publish the records the Domains page shows for a domain. */
async function publishRecords(hostname: string, apex: string) {
  const d = await row(hostname);
  dns.set(`_courseforge.${apex}`, { txt: [`courseforge-verify=${d!.verificationToken}`] });
  dns.set(hostname, { cname: "domains.courseforge.test" });
}

/** Let every sleeping check of the verify-domain function wake now, as its schedule would later. */
async function fastForwardDomainChecks() {
  const db = await getDb();
  await db.execute(sql`update ${jobSteps} set wake_at = now() where status = 'sleeping'`);
  await db.execute(sql`update ${jobRuns} set run_after = now() where status = 'sleeping' and function_id like '%verify-domain'`);
  await drainJobs();
}

beforeAll(async () => {
  await seedDemo();
});
afterAll(() => dns.stop());

describe("custom domains: add, verify by DNS, serve, redirect, remove", () => {
  let learnId = "";

  it("adding a domain lists it with its records and checks it at once (nothing published yet: pending)", async () => {
    await as("owner@acme.test");
    const r = await addDomainAction({ org: "acme", hostname: "https://Learn.Acme-Academy.test/" });
    expect(r).toMatchObject({ ok: true, data: { hostname: "learn.acme-academy.test", twin: null } });
    learnId = r.ok ? r.data.id : "";
    await drainJobs();
    const d = await row("learn.acme-academy.test");
    expect(d).toMatchObject({ verifiedAt: null, lastCheckError: expect.stringMatching(/TXT record “_courseforge” on acme-academy\.test/) });
    expect(d!.lastCheckedAt).not.toBeNull();
    // Unverified: the name serves nobody.
    expect(await findSiteRecord({ kind: "custom", hostname: "learn.acme-academy.test" })).toBeNull();
  });

  it("Verify now with the records in place: the domain serves the school and becomes its canonical host", async () => {
    await publishRecords("learn.acme-academy.test", "acme-academy.test");
    const r = await verifyDomainAction({ org: "acme", domainId: learnId });
    expect(r).toMatchObject({ ok: true, data: { verified: true, ownership: true, problem: null } });
    expect(await findSiteRecord({ kind: "custom", hostname: "learn.acme-academy.test" })).toMatchObject({
      slug: "acme",
      customDomain: "learn.acme-academy.test",
    });
    expect(await row("learn.acme-academy.test")).toMatchObject({ isPrimary: true });
    // The subdomain now answers with a redirect to the domain; the domain answers itself.
    expect(await siteHostStatus({ kind: "subdomain", slug: "acme" })).toEqual({ known: true, canonical: "learn.acme-academy.test", slug: "acme" });
    expect(await siteHostStatus({ kind: "custom", hostname: "learn.acme-academy.test" })).toEqual({ known: true, canonical: null, slug: "acme" });
  });

  it("unauthorized: a domain verified by another school cannot be added there (nor verified)", async () => {
    await as("owner@beta.test");
    const r = await addDomainAction({ org: "beta", hostname: "learn.acme-academy.test" });
    expect(r).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/already connected to another school/) });
    expect(await row("learn.acme-academy.test", "beta")).toBeUndefined();
  });

  it("unauthorized: another school's domain id is not found, and nothing changes", async () => {
    await as("owner@beta.test");
    expect(await removeDomainAction({ org: "beta", domainId: learnId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await verifyDomainAction({ org: "beta", domainId: learnId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await makePrimaryDomainAction({ org: "beta", hostname: "learn.acme-academy.test" })).toMatchObject({ ok: false, code: "not_found" });
    // Naming acme as the org without being its member: to them, that school is simply not there.
    expect(await removeDomainAction({ org: "acme", domainId: learnId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await row("learn.acme-academy.test")).toMatchObject({ verifiedAt: expect.any(Date) });
  });

  it("unauthorized: editors cannot add, verify, promote or remove domains", async () => {
    await as("editor@acme.test");
    expect(await addDomainAction({ org: "acme", hostname: "editor.example.test" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await verifyDomainAction({ org: "acme", domainId: learnId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await makePrimaryDomainAction({ org: "acme", hostname: "learn.acme-academy.test" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await removeDomainAction({ org: "acme", domainId: learnId })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await row("editor.example.test")).toBeUndefined();
  });

  it("refuses the platform's own names and junk with a reason, and a second copy of a name", async () => {
    await as("owner@acme.test");
    for (const hostname of ["beta.localhost", "app.localhost", "127.0.0.1", "co.uk"]) {
      const r = await addDomainAction({ org: "acme", hostname });
      expect(r, hostname).toMatchObject({ ok: false, code: "invalid", fieldErrors: { hostname: [expect.any(String)] } });
    }
    expect(await addDomainAction({ org: "acme", hostname: "learn.acme-academy.test" })).toMatchObject({ ok: false, code: "conflict" });
    expect(await addDomainAction({ org: "acme", hostname: "x".repeat(400) })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("an apex brings its www twin; the scheduled checks verify both once DNS is there, backing off between tries", async () => {
    await as("owner@acme.test");
    const r = await addDomainAction({ org: "acme", hostname: "acme-school.test" });
    expect(r).toMatchObject({ ok: true, data: { hostname: "acme-school.test", twin: "www.acme-school.test" } });
    await drainJobs();
    expect(await row("acme-school.test")).toMatchObject({ verifiedAt: null });
    const db = await getDb();
    const [run] = await db
      .select()
      .from(jobRuns)
      .where(sql`${jobRuns.functionId} like '%verify-domain' and ${jobRuns.event}->'data'->>'domainId' = ${r.ok ? r.data.id : ""}`);
    expect(run!.status).toBe("sleeping");
    // The first wait is a minute, not a busy loop.
    expect(run!.runAfter.getTime() - Date.now()).toBeGreaterThan(50_000);

    await fastForwardDomainChecks(); // the second check: still nothing
    expect(await row("acme-school.test")).toMatchObject({ verifiedAt: null });
    const d = await row("acme-school.test");
    dns.set("_courseforge.acme-school.test", { txt: [`courseforge-verify=${d!.verificationToken}`] });
    dns.set("domains.courseforge.test", { a: ["203.0.113.5"] });
    dns.set("acme-school.test", { a: ["203.0.113.5"] }); // ALIAS / flattened CNAME at the apex
    dns.set("www.acme-school.test", { cname: "domains.courseforge.test" });
    await fastForwardDomainChecks(); // the third check finds it
    const [after] = await db.select().from(jobRuns).where(eq(jobRuns.id, run!.id));
    expect(after!.status).toBe("completed");
    expect(await row("acme-school.test")).toMatchObject({ verifiedAt: expect.any(Date), isPrimary: false });
    expect(await row("www.acme-school.test")).toMatchObject({ verifiedAt: expect.any(Date), isPrimary: false });
    // Both names serve acme, and redirect to its canonical host (still the first domain).
    expect(await siteHostStatus({ kind: "custom", hostname: "www.acme-school.test" })).toEqual({
      known: true,
      canonical: "learn.acme-academy.test",
      slug: "acme",
    });
  });

  it("the www twin can be made the main address; every other name then redirects to it", async () => {
    await as("owner@acme.test");
    expect(await makePrimaryDomainAction({ org: "acme", hostname: "www.acme-school.test" })).toMatchObject({ ok: true });
    expect(await siteHostStatus({ kind: "custom", hostname: "www.acme-school.test" })).toEqual({ known: true, canonical: null, slug: "acme" });
    expect(await siteHostStatus({ kind: "custom", hostname: "acme-school.test" })).toEqual({ known: true, canonical: "www.acme-school.test", slug: "acme" });
    expect(await siteHostStatus({ kind: "custom", hostname: "learn.acme-academy.test" })).toEqual({
      known: true,
      canonical: "www.acme-school.test",
      slug: "acme",
    });
    expect(await siteHostStatus({ kind: "subdomain", slug: "acme" })).toEqual({ known: true, canonical: "www.acme-school.test", slug: "acme" });
    // A name not verified yet cannot be the main address.
    await addDomainAction({ org: "acme", hostname: "pending.acme-school.test" });
    await drainJobs(); // its first check ran; the next waits
    expect(await makePrimaryDomainAction({ org: "acme", hostname: "pending.acme-school.test" })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("removing a domain stops serving it at once, hands the main address on, and stops its pending checks", async () => {
    await as("owner@acme.test");
    const apex = await row("acme-school.test");
    expect(await removeDomainAction({ org: "acme", domainId: apex!.id })).toMatchObject({
      ok: true,
      data: { removed: ["acme-school.test", "www.acme-school.test"] },
    });
    expect(await siteHostStatus({ kind: "custom", hostname: "www.acme-school.test" })).toEqual({ known: false, canonical: null, slug: null });
    expect(await findSiteRecord({ kind: "custom", hostname: "acme-school.test" })).toBeNull();
    expect(await row("learn.acme-academy.test")).toMatchObject({ isPrimary: true });
    expect(await siteHostStatus({ kind: "subdomain", slug: "acme" })).toEqual({ known: true, canonical: "learn.acme-academy.test", slug: "acme" });

    const pending = await row("pending.acme-school.test");
    expect(await removeDomainAction({ org: "acme", domainId: pending!.id })).toMatchObject({ ok: true });
    await drainJobs();
    const db = await getDb();
    const [run] = await db
      .select()
      .from(jobRuns)
      .where(sql`${jobRuns.functionId} like '%verify-domain' and ${jobRuns.event}->'data'->>'domainId' = ${pending!.id}`);
    expect(run!.status).toBe("cancelled");
  });

  it("a twin is verified only once it points here too; Verify now picks it up later", async () => {
    await as("owner@acme.test");
    const r = await addDomainAction({ org: "acme", hostname: "twin-later.test" });
    const id = r.ok ? r.data.id : "";
    const d = await row("twin-later.test");
    dns.set("_courseforge.twin-later.test", { txt: [`courseforge-verify=${d!.verificationToken}`] });
    dns.set("twin-later.test", { cname: "domains.courseforge.test" });
    expect(await verifyDomainAction({ org: "acme", domainId: id })).toMatchObject({ ok: true, data: { verified: true, twinVerified: false } });
    expect(await findSiteRecord({ kind: "custom", hostname: "www.twin-later.test" })).toBeNull();
    expect(await makePrimaryDomainAction({ org: "acme", hostname: "www.twin-later.test" })).toMatchObject({ ok: false, code: "invalid" });
    dns.set("www.twin-later.test", { cname: "domains.courseforge.test" });
    expect(await verifyDomainAction({ org: "acme", domainId: id })).toMatchObject({ ok: true, data: { verified: true, twinVerified: true } });
    expect(await findSiteRecord({ kind: "custom", hostname: "www.twin-later.test" })).toMatchObject({ slug: "acme" });
  });

  it("the daily re-check: records gone → the creator is warned, and after the grace period the domain stops serving and is free again", async () => {
    const { verifyDomain } = await import("@/lib/domains/verify");
    const { systemScope } = await import("@/db/scope");
    const d = await row("twin-later.test");
    const scope = systemScope(d!.creatorId);
    dns.set("_courseforge.twin-later.test", { txt: [] }); // the domain lapsed: its new owner's DNS has no proof
    const day = 86_400_000;
    const t0 = new Date();
    expect((await verifyDomain(scope, { id: d!.id, actorUserId: null, now: t0 })).changed).toBeNull();
    expect(await row("twin-later.test")).toMatchObject({ verifiedAt: expect.any(Date), failingSince: t0, lastCheckError: expect.stringMatching(/TXT/) });
    expect(await findSiteRecord({ kind: "custom", hostname: "twin-later.test" })).toMatchObject({ slug: "acme" });
    // Two days on, still within the grace period.
    expect((await verifyDomain(scope, { id: d!.id, actorUserId: null, now: new Date(t0.getTime() + 2 * day) })).changed).toBeNull();
    // Three days on: it stops serving, with its twin, and says why.
    expect((await verifyDomain(scope, { id: d!.id, actorUserId: null, now: new Date(t0.getTime() + 3 * day) })).changed).toBe("lost");
    expect(await row("twin-later.test")).toMatchObject({ verifiedAt: null, isPrimary: false, lastCheckError: expect.stringMatching(/Stopped serving/) });
    expect(await row("www.twin-later.test")).toMatchObject({ verifiedAt: null });
    expect(await findSiteRecord({ kind: "custom", hostname: "www.twin-later.test" })).toBeNull();
    // Its new owner can now connect it to their school.
    await as("owner@beta.test");
    expect(await addDomainAction({ org: "beta", hostname: "twin-later.test" })).toMatchObject({ ok: true });
    // Records back in time: the warning clears.
    const learn = await row("learn.acme-academy.test");
    dns.set("learn.acme-academy.test", { cname: "elsewhere.example.test" });
    await verifyDomain(scope, { id: learn!.id, actorUserId: null, now: t0 });
    expect(await row("learn.acme-academy.test")).toMatchObject({ failingSince: t0 });
    dns.set("learn.acme-academy.test", { cname: "domains.courseforge.test" });
    await verifyDomain(scope, { id: learn!.id, actorUserId: null, now: new Date(t0.getTime() + day) });
    expect(await row("learn.acme-academy.test")).toMatchObject({ failingSince: null, lastCheckError: null, verifiedAt: expect.any(Date) });
  });

  it("a school whose plan has no custom domains is told to upgrade", async () => {
    const db = await getDb();
    await db.update(creators).set({ plan: "free" }).where(eq(creators.slug, "beta"));
    await as("owner@beta.test");
    expect(await addDomainAction({ org: "beta", hostname: "learn.beta-school.test" })).toMatchObject({
      ok: false,
      code: "limit_reached",
      message: expect.stringMatching(/not included in the Free plan/),
    });
  });

  it("another school may claim a name someone has not verified; only the one who proves it by DNS gets it", async () => {
    const db = await getDb();
    await db.update(creators).set({ plan: "pro" }).where(eq(creators.slug, "beta"));
    await as("owner@acme.test");
    const a = await addDomainAction({ org: "acme", hostname: "contested.example.test" });
    await as("owner@beta.test");
    const b = await addDomainAction({ org: "beta", hostname: "contested.example.test" });
    expect(a.ok && b.ok).toBe(true);
    // The DNS holds beta's token: acme's check fails, beta's succeeds.
    const betaRow = await row("contested.example.test", "beta");
    dns.set("_courseforge.example.test", { txt: [`courseforge-verify=${betaRow!.verificationToken}`] });
    dns.set("contested.example.test", { cname: "domains.courseforge.test" });
    await as("owner@acme.test");
    expect(await verifyDomainAction({ org: "acme", domainId: a.ok ? a.data.id : "" })).toMatchObject({ ok: true, data: { verified: false } });
    await as("owner@beta.test");
    expect(await verifyDomainAction({ org: "beta", domainId: b.ok ? b.data.id : "" })).toMatchObject({ ok: true, data: { verified: true } });
    expect(await findSiteRecord({ kind: "custom", hostname: "contested.example.test" })).toMatchObject({ slug: "beta" });
  });

  it("a school downgraded to a plan without custom domains keeps them listed but not served, until it upgrades", async () => {
    const db = await getDb();
    await db.update(creators).set({ plan: "free" }).where(eq(creators.slug, "beta"));
    expect(await findSiteRecord({ kind: "custom", hostname: "contested.example.test" })).toBeNull();
    expect(await findSiteRecord({ kind: "subdomain", slug: "beta" })).toMatchObject({ customDomain: null });
    expect(await row("contested.example.test", "beta")).toMatchObject({ verifiedAt: expect.any(Date) });
    await db.update(creators).set({ plan: "starter" }).where(eq(creators.slug, "beta"));
    expect(await findSiteRecord({ kind: "custom", hostname: "contested.example.test" })).toMatchObject({
      slug: "beta",
      customDomain: "contested.example.test",
    });
  });
});
