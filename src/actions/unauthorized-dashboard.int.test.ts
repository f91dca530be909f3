import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { creatorMembers, creators, invitations, user } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../test/helpers";

// Server actions read the request through next/headers; give them a real Better Auth session cookie.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, has: () => false, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ updateTag: vi.fn(), revalidateTag: vi.fn(), unstable_cache: <T>(fn: T) => fn }));

const { updateBrandingAction } = await import("./branding/update-branding");
const { createSchoolAction } = await import("./tenants/create-school");
const { inviteMemberAction } = await import("./team/invite-member");
const { removeMemberAction } = await import("./team/remove-member");
const { changeMemberRoleAction } = await import("./team/change-member-role");
const { revokeInvitationAction } = await import("./team/revoke-invitation");

const branding = { name: "Hacked", tagline: "", primaryColor: "#ff0000", accentColor: "#ff0000", font: "system" as const, logoUrl: "", faviconUrl: "" };

async function as(email: string | null) {
  requestHeaders = new Headers({ host: "app.localhost:3000" });
  if (email) requestHeaders.set("cookie", await signIn("app.localhost:3000", email));
}

async function creator(slug: string) {
  const db = await getDb();
  const [c] = await db.select().from(creators).where(eq(creators.slug, slug));
  return c!;
}

beforeAll(async () => {
  await seedDemo();
});
beforeEach(() => {
  requestHeaders = new Headers();
});

describe("unauthorized: dashboard actions", () => {
  it("a signed-out visitor gets nothing", async () => {
    await as(null);
    const r = await updateBrandingAction({ org: "acme", ...branding });
    expect(r).toMatchObject({ ok: false, code: "unauthenticated" });
    expect((await creator("acme")).name).toBe("Acme Academy");
  });

  it("an owner of acme cannot touch beta: not found, beta unchanged", async () => {
    await as("owner@acme.test");
    expect(await updateBrandingAction({ org: "beta", ...branding })).toMatchObject({ ok: false, code: "not_found" });
    expect(await inviteMemberAction({ org: "beta", email: "spy@x.test", role: "owner" })).toMatchObject({ ok: false, code: "not_found" });
    const db = await getDb();
    const [betaOwner] = await db
      .select({ id: creatorMembers.id })
      .from(creatorMembers)
      .innerJoin(user, eq(user.id, creatorMembers.userId))
      .where(eq(user.email, "owner@beta.test"));
    expect(await removeMemberAction({ org: "beta", memberId: betaOwner!.id })).toMatchObject({ ok: false, code: "not_found" });
    // a foreign member id inside one's own org is simply not found either
    expect(await removeMemberAction({ org: "acme", memberId: betaOwner!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await changeMemberRoleAction({ org: "acme", memberId: betaOwner!.id, role: "editor" })).toMatchObject({ ok: false, code: "not_found" });
    expect((await creator("beta")).name).toBe("Beta School");
    expect(await db.select().from(invitations).where(eq(invitations.email, "spy@x.test"))).toEqual([]);
  });

  it("a forged tenant id in the input is ignored: only the org of the membership changes", async () => {
    await as("owner@acme.test");
    const beta = await creator("beta");
    const r = await updateBrandingAction({ org: "acme", ...branding, primaryColor: "#123456", name: "Acme Renamed", creatorId: beta.id, id: beta.id } as never);
    expect(r.ok).toBe(true);
    expect((await creator("acme")).name).toBe("Acme Renamed");
    expect((await creator("beta")).name).toBe("Beta School");
  });

  it("an editor cannot change branding or invite; a student cannot call any dashboard action", async () => {
    await as("editor@acme.test");
    expect(await updateBrandingAction({ org: "acme", ...branding })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await inviteMemberAction({ org: "acme", email: "x@x.test", role: "editor" })).toMatchObject({ ok: false, code: "forbidden" });
    await as("student@acme.test");
    expect(await updateBrandingAction({ org: "acme", ...branding })).toMatchObject({ ok: false, code: "not_found" });
    expect((await creator("acme")).branding.primaryColor).not.toBe("#ff0000");
  });

  it("bad input gets a clear error per field and changes nothing", async () => {
    await as("owner@acme.test");
    const r = await updateBrandingAction({ org: "acme", ...branding, primaryColor: "red", logoUrl: "javascript:alert(1)" });
    expect(r).toMatchObject({ ok: false, code: "invalid" });
    if (!r.ok) {
      expect(r.fieldErrors?.primaryColor?.[0]).toMatch(/#0f766e/);
      expect(r.fieldErrors?.logoUrl).toBeDefined();
    }
    expect((await creator("acme")).branding.primaryColor).not.toBe("red");
  });
});

describe("onboarding: create a school", () => {
  it("refuses reserved and taken subdomains with clear messages", async () => {
    await as("student@acme.test");
    expect(await createSchoolAction({ name: "App", slug: "app" })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { slug: [expect.stringMatching(/reserved/)] },
    });
    expect(await createSchoolAction({ name: "Beta 2", slug: "beta" })).toMatchObject({
      ok: false,
      code: "conflict",
      fieldErrors: { slug: ["That subdomain is taken; pick another."] },
    });
    expect(await createSchoolAction({ name: "Mine", slug: "sams-school" })).toEqual({ ok: true, data: { slug: "sams-school" } });
  });

  it("needs a verified email", async () => {
    const db = await getDb();
    await db.update(user).set({ emailVerified: false }).where(eq(user.email, "owner@beta.test"));
    await as("owner@beta.test");
    expect(await createSchoolAction({ name: "Second", slug: "second-school" })).toMatchObject({ ok: false, code: "forbidden" });
    expect((await db.select().from(creators).where(eq(creators.slug, "second-school"))).length).toBe(0);
  });
});

describe("team", () => {
  it("an admin cannot make owners; only owners grant the owner role", async () => {
    const db = await getDb();
    const [ed] = await db
      .select({ id: creatorMembers.id })
      .from(creatorMembers)
      .innerJoin(user, eq(user.id, creatorMembers.userId))
      .where(eq(user.email, "editor@acme.test"));
    await as("owner@acme.test");
    expect(await changeMemberRoleAction({ org: "acme", memberId: ed!.id, role: "admin" })).toEqual({ ok: true, data: null });
    await as("editor@acme.test"); // now an admin
    expect(await inviteMemberAction({ org: "acme", email: "boss@x.test", role: "owner" })).toMatchObject({ ok: false, code: "forbidden" });
    const ok = await inviteMemberAction({ org: "acme", email: "helper@x.test", role: "editor" });
    expect(ok.ok).toBe(true);
    expect(await inviteMemberAction({ org: "acme", email: "owner@acme.test", role: "editor" })).toMatchObject({ ok: false, code: "conflict" });

    // another tenant's owner cannot revoke acme's invitation, even through their own org
    const [inv] = await db.select().from(invitations).where(eq(invitations.email, "helper@x.test"));
    await as("owner@beta.test");
    expect(await revokeInvitationAction({ org: "beta", invitationId: inv!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await revokeInvitationAction({ org: "acme", invitationId: inv!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await revokeInvitationAction({ org: "acme", invitationId: "nope" })).toMatchObject({ ok: false, code: "invalid" });
    expect((await db.select().from(invitations).where(eq(invitations.id, inv!.id)))[0]!.revokedAt).toBeNull();
    await as("owner@acme.test");
    expect(await revokeInvitationAction({ org: "acme", invitationId: inv!.id })).toEqual({ ok: true, data: null });
  });
});
