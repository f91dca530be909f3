import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { creatorMembers, creators, user } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { signIn } from "../../../test/helpers";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }) }));

// A stand-in for "another owner acts at the same moment": it runs once, at the first chance after the
// action has looked at the team (right after a read of the team list, or just before the role write).
let meanwhile: (() => Promise<void>) | null = null;
async function runMeanwhile() {
  const m = meanwhile;
  meanwhile = null;
  if (m) await m();
}
vi.mock("@/db/queries/members", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/db/queries/members")>();
  return {
    ...real,
    listMembers: async (...args: Parameters<typeof real.listMembers>) => {
      const rows = await real.listMembers(...args);
      await runMeanwhile();
      return rows;
    },
    updateMemberRole: async (...args: Parameters<typeof real.updateMemberRole>) => {
      await runMeanwhile();
      return (real.updateMemberRole as (...a: unknown[]) => unknown)(...args);
    },
  };
});

const { changeMemberRoleAction } = await import("./change-member-role");

async function userId(email: string) {
  const db = await getDb();
  return (await db.select().from(user).where(eq(user.email, email)))[0]!.id;
}

beforeAll(async () => {
  await seedDemo();
});

describe("change-member-role decides on the roles as they are when it writes", () => {
  it("an admin cannot demote someone who became an owner while the admin's request was in flight", async () => {
    const db = await getDb();
    const [acme] = await db.select().from(creators).where(eq(creators.slug, "acme"));
    // beta's owner joins acme as an admin; acme's editor is the target
    const [admin] = await db
      .insert(creatorMembers)
      .values({ creatorId: acme!.id, userId: await userId("owner@beta.test"), role: "admin" })
      .returning();
    const [target] = await db
      .select()
      .from(creatorMembers)
      .where(eq(creatorMembers.userId, await userId("editor@acme.test")));
    expect(admin && target?.role).toBe("editor");
    requestHeaders = new Headers({ host: "app.localhost:3000", cookie: await signIn("app.localhost:3000", "owner@beta.test") });

    meanwhile = async () => {
      await db.update(creatorMembers).set({ role: "owner" }).where(eq(creatorMembers.id, target!.id));
    };
    const r = await changeMemberRoleAction({ org: "acme", memberId: target!.id, role: "editor" });
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    const [after] = await db.select().from(creatorMembers).where(eq(creatorMembers.id, target!.id));
    expect(after!.role).toBe("owner");
  });
});
