import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creatorMembers, creators, domains, invitations, user } from "@/db/schema";
import { dashboardScope, findSiteRecord, systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { hashToken, newToken } from "@/lib/tokens";
import { acceptInvitation, createInvitation, listOpenInvitations, revokeInvitation } from "./invitations";
import { createCreatorWithOwner, getCreatorOrThrow, listCreatorsForUser, updateCreatorBranding } from "./tenants";
import { ensureStudent, findStudent, listStudents } from "./students";
import { listAuditLogs } from "./audit";
import { listMembers, removeMember, updateMemberRole } from "./members";

let acme: TenantScope;
let beta: TenantScope;
const ids: Record<string, string> = {};

async function userId(email: string) {
  const db = await getDb();
  const [u] = await db.select().from(user).where(eq(user.email, email));
  return u!.id;
}

beforeAll(async () => {
  await seedDemo();
  const db = await getDb();
  for (const c of await db.select().from(creators)) ids[c.slug] = c.id;
  acme = systemScope(ids.acme!);
  beta = systemScope(ids.beta!);
});

describe("tenant isolation (two tenants)", () => {
  it("lists only the tenant's own members and students", async () => {
    const a = await listMembers(acme);
    const b = await listMembers(beta);
    expect(a.map((m) => m.email).sort()).toEqual(["editor@acme.test", "owner@acme.test"]);
    expect(b.map((m) => m.email)).toEqual(["owner@beta.test"]);
    expect((await listStudents(beta)).map((s) => s.email)).toEqual([]);
    expect((await listStudents(acme)).map((s) => s.email)).toEqual(["student@acme.test"]);
  });

  it("cannot change or remove another tenant's member by id: not found, nothing changes", async () => {
    const [acmeEditor] = (await listMembers(acme)).filter((m) => m.email === "editor@acme.test");
    await expect(
      updateMemberRole(beta, { actorUserId: await userId("owner@beta.test"), actorRole: "owner", memberId: acmeEditor!.id, role: "owner" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(beta, { actorUserId: await userId("owner@beta.test"), memberId: acmeEditor!.id })).rejects.toMatchObject({ code: "not_found" });
    const after = (await listMembers(acme)).find((m) => m.id === acmeEditor!.id);
    expect(after?.role).toBe("editor");
  });

  it("cannot revoke or see another tenant's invitations", async () => {
    const { hash } = newToken();
    const inv = await createInvitation(acme, {
      email: "new@acme.test",
      role: "editor",
      tokenHash: hash,
      invitedBy: await userId("owner@acme.test"),
      expiresAt: new Date(Date.now() + 86400_000),
    });
    expect((await listOpenInvitations(beta)).map((i) => i.id)).not.toContain(inv.id);
    await expect(revokeInvitation(beta, await userId("owner@beta.test"), inv.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await listOpenInvitations(acme)).map((i) => i.id)).toContain(inv.id);
  });

  it("updates only its own branding", async () => {
    const before = await getCreatorOrThrow(acme);
    await updateCreatorBranding(beta, await userId("owner@beta.test"), { name: "Beta Renamed", branding: { ...before.branding, primaryColor: "#000000" } });
    expect((await getCreatorOrThrow(acme)).name).toBe("Acme Academy");
    expect((await getCreatorOrThrow(acme)).branding.primaryColor).toBe(before.branding.primaryColor);
    expect((await getCreatorOrThrow(beta)).name).toBe("Beta Renamed");
  });

  it("keeps audit logs per tenant", async () => {
    const a = await listAuditLogs(acme);
    const b = await listAuditLogs(beta);
    expect(a.every((l) => l.creatorId === acme.creatorId)).toBe(true);
    expect(b.every((l) => l.creatorId === beta.creatorId)).toBe(true);
    expect(b.some((l) => l.action === "creator.branding_updated")).toBe(true);
  });

  it("keeps student membership per tenant", async () => {
    const sam = await userId("student@acme.test");
    expect(await findStudent(beta, sam)).toBeNull();
    await ensureStudent(beta, sam);
    await ensureStudent(beta, sam);
    expect((await listStudents(beta)).length).toBe(1);
    expect(await findStudent(acme, sam)).not.toBeNull();
  });

  it("dashboard scope needs membership of that org, with the role asked for", async () => {
    expect(await dashboardScope(await userId("owner@acme.test"), "beta")).toBeNull();
    expect(await dashboardScope(await userId("student@acme.test"), "acme")).toBeNull();
    expect(await dashboardScope(await userId("editor@acme.test"), "acme", "admin")).toBeNull();
    const ok = await dashboardScope(await userId("editor@acme.test"), "ACME", "editor");
    expect(ok?.scope.creatorId).toBe(acme.creatorId);
    expect(ok?.role).toBe("editor");
  });
});

describe("schools and owners", () => {
  it("refuses a taken slug and leaves no partial rows", async () => {
    const db = await getDb();
    const uid = await userId("student@acme.test");
    const before = (await db.select().from(creatorMembers)).length;
    await expect(createCreatorWithOwner({ ownerUserId: uid, name: "Copy", slug: "acme" })).rejects.toMatchObject({ cause: { code: "23505" } });
    expect((await db.select().from(creatorMembers)).length).toBe(before);
  });

  it("the last owner can neither leave nor be demoted; with two owners one may leave", async () => {
    const uid = await userId("student@acme.test");
    const school = await createCreatorWithOwner({ ownerUserId: uid, name: "Solo School", slug: "solo-school" });
    const scope = systemScope(school.id);
    const [owner] = await listMembers(scope);
    await expect(removeMember(scope, { actorUserId: uid, memberId: owner!.id })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/last owner/),
    });
    await expect(updateMemberRole(scope, { actorUserId: uid, actorRole: "owner", memberId: owner!.id, role: "admin" })).rejects.toMatchObject({
      code: "conflict",
    });
    const db = await getDb();
    await db.insert(creatorMembers).values({ creatorId: school.id, userId: await userId("owner@beta.test"), role: "owner" });
    const results = await Promise.allSettled(
      (await listMembers(scope)).map((m) => updateMemberRole(scope, { actorUserId: uid, actorRole: "owner", memberId: m.id, role: "editor" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(scope)).filter((m) => m.role === "owner")).toHaveLength(1);
    expect((await listCreatorsForUser(uid)).map((c) => c.slug)).toContain("solo-school");
  });
});

describe("invitations", () => {
  it("accepts only for the invited address, once", async () => {
    const { token, hash } = newToken();
    await createInvitation(beta, {
      email: "student@acme.test",
      role: "editor",
      tokenHash: hash,
      invitedBy: await userId("owner@beta.test"),
      expiresAt: new Date(Date.now() + 86400_000),
    });
    await expect(
      acceptInvitation(hashToken(token), { userId: await userId("owner@acme.test"), email: "owner@acme.test", emailVerified: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const sam = await userId("student@acme.test");
    expect(await acceptInvitation(hashToken(token), { userId: sam, email: "Student@Acme.test", emailVerified: true })).toEqual({ creatorSlug: "beta" });
    expect((await dashboardScope(sam, "beta"))?.role).toBe("editor");
    await expect(acceptInvitation(hashToken(token), { userId: sam, email: "student@acme.test", emailVerified: true })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("an invitation to someone already on the team raises their role, never lowers it, and is consumed", async () => {
    const by = await userId("owner@acme.test");
    const editor = await userId("editor@acme.test");
    const up = newToken();
    await createInvitation(acme, { email: "editor@acme.test", role: "admin", tokenHash: up.hash, invitedBy: by, expiresAt: new Date(Date.now() + 86400_000) });
    expect(await acceptInvitation(hashToken(up.token), { userId: editor, email: "editor@acme.test", emailVerified: true })).toEqual({ creatorSlug: "acme" });
    expect((await dashboardScope(editor, "acme"))?.role).toBe("admin");
    await expect(acceptInvitation(hashToken(up.token), { userId: editor, email: "editor@acme.test", emailVerified: true })).rejects.toMatchObject({
      code: "not_found",
    });

    const down = newToken();
    await createInvitation(acme, {
      email: "owner@acme.test",
      role: "editor",
      tokenHash: down.hash,
      invitedBy: editor,
      expiresAt: new Date(Date.now() + 86400_000),
    });
    await acceptInvitation(hashToken(down.token), { userId: by, email: "owner@acme.test", emailVerified: true });
    expect((await dashboardScope(by, "acme"))?.role).toBe("owner");
    const audit = await listAuditLogs(acme);
    expect(audit.find((a) => a.action === "member.role_changed" && a.targetId)).toBeTruthy();
  });

  it("an unverified account cannot take an invitation sent to that address", async () => {
    const { token, hash } = newToken();
    await createInvitation(acme, {
      email: "claimed@x.test",
      role: "editor",
      tokenHash: hash,
      invitedBy: await userId("owner@acme.test"),
      expiresAt: new Date(Date.now() + 86400_000),
    });
    const db = await getDb();
    await db.insert(user).values({ id: "claimer", email: "claimed@x.test", name: "Claimer", emailVerified: false });
    await expect(acceptInvitation(hashToken(token), { userId: "claimer", email: "claimed@x.test", emailVerified: false })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/Confirm your email/),
    });
    expect(await dashboardScope("claimer", "acme")).toBeNull();
  });

  it("an invitation dies with its inviter's authority: removed inviter, or an owner invitation from someone no longer an owner", async () => {
    const owner = await userId("owner@acme.test");
    const school = await createCreatorWithOwner({ ownerUserId: owner, name: "Inviters", slug: "inviters-school" });
    const scope = systemScope(school.id);
    const db = await getDb();
    await db.update(creators).set({ plan: "business" }).where(eq(creators.id, school.id));
    const co = await userId("editor@acme.test");
    await db.insert(creatorMembers).values({ creatorId: school.id, userId: co, role: "owner" });
    // the co-owner invites an owner and an editor, then is removed
    const asOwner = newToken();
    const asEditor = newToken();
    await createInvitation(scope, { email: "alt1@x.test", role: "owner", tokenHash: asOwner.hash, invitedBy: co, expiresAt: new Date(Date.now() + 86400_000) });
    await createInvitation(scope, {
      email: "alt2@x.test",
      role: "editor",
      tokenHash: asEditor.hash,
      invitedBy: co,
      expiresAt: new Date(Date.now() + 86400_000),
    });
    const coMember = (await listMembers(scope)).find((m) => m.email === "editor@acme.test")!;
    await removeMember(scope, { actorUserId: owner, memberId: coMember.id });
    expect((await listOpenInvitations(scope)).map((i) => i.email)).toEqual([]);
    await db.insert(user).values([
      { id: "alt1", email: "alt1@x.test", name: "Alt", emailVerified: true },
      { id: "alt2", email: "alt2@x.test", name: "Alt", emailVerified: true },
    ]);
    await expect(acceptInvitation(hashToken(asOwner.token), { userId: "alt1", email: "alt1@x.test", emailVerified: true })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await dashboardScope("alt1", "inviters-school")).toBeNull();

    // an admin's owner invitation written before they were demoted, raced past the check: refused at acceptance
    const admin = await userId("owner@beta.test");
    await db.insert(creatorMembers).values({ creatorId: school.id, userId: admin, role: "owner" });
    const late = newToken();
    await createInvitation(scope, { email: "alt2@x.test", role: "owner", tokenHash: late.hash, invitedBy: admin, expiresAt: new Date(Date.now() + 86400_000) });
    await db
      .update(creatorMembers)
      .set({ role: "admin" })
      .where(and(eq(creatorMembers.creatorId, school.id), eq(creatorMembers.userId, admin)));
    await expect(acceptInvitation(hashToken(late.token), { userId: "alt2", email: "alt2@x.test", emailVerified: true })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await dashboardScope("alt2", "inviters-school")).toBeNull();
  });

  it("only owners remove an owner, judged on the roles at the moment of removal", async () => {
    const owner = await userId("owner@acme.test");
    const school = await createCreatorWithOwner({ ownerUserId: owner, name: "Removals", slug: "removals-school" });
    const scope = systemScope(school.id);
    const db = await getDb();
    const admin = await userId("owner@beta.test");
    await db.insert(creatorMembers).values({ creatorId: school.id, userId: admin, role: "admin" });
    const ownerMember = (await listMembers(scope)).find((m) => m.email === "owner@acme.test")!;
    await expect(removeMember(scope, { actorUserId: admin, memberId: ownerMember.id })).rejects.toMatchObject({ code: "forbidden" });
    expect((await listMembers(scope)).map((m) => m.email).sort()).toEqual(["owner@acme.test", "owner@beta.test"]);
  });

  it("re-inviting replaces the open invitation; expired ones are not listed", async () => {
    const by = await userId("owner@acme.test");
    await createInvitation(acme, {
      email: "twice@x.test",
      role: "editor",
      tokenHash: newToken().hash,
      invitedBy: by,
      expiresAt: new Date(Date.now() + 86400_000),
    });
    await createInvitation(acme, {
      email: "twice@x.test",
      role: "admin",
      tokenHash: newToken().hash,
      invitedBy: by,
      expiresAt: new Date(Date.now() + 86400_000),
    });
    const open = (await listOpenInvitations(acme)).filter((i) => i.email === "twice@x.test");
    expect(open.map((i) => i.role)).toEqual(["admin"]);
    const db = await getDb();
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, "twice@x.test"));
    expect((await listOpenInvitations(acme)).filter((i) => i.email === "twice@x.test")).toEqual([]);
  });
});

describe("site look-up", () => {
  it("resolves slugs, and custom domains only once verified", async () => {
    expect((await findSiteRecord({ kind: "subdomain", slug: "acme" }))?.id).toBe(acme.creatorId);
    expect(await findSiteRecord({ kind: "subdomain", slug: "nobody" })).toBeNull();
    const db = await getDb();
    await db.insert(domains).values({ creatorId: acme.creatorId, hostname: "learn.acme.test", verificationToken: "t" });
    expect(await findSiteRecord({ kind: "custom", hostname: "learn.acme.test" })).toBeNull();
    await db.update(domains).set({ verifiedAt: new Date() }).where(eq(domains.hostname, "learn.acme.test"));
    expect((await findSiteRecord({ kind: "custom", hostname: "LEARN.acme.test" }))?.slug).toBe("acme");
  });
});
