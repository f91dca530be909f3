import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { creators } from "@/db/schema";
import { systemScope, type TenantScope } from "@/db/scope";
import { seedDemo } from "@/lib/demo/seed";
import { findOutboxMessage, listOutbox, listTenantEmails, recordEmailMessage } from "./email";

let acme: TenantScope;
let beta: TenantScope;
const base = { transport: "outbox", fromAddress: "f@x.test", html: "<p>h</p>", text: "h", tag: "test", status: "sent" as const };

beforeAll(async () => {
  await seedDemo();
  const rows = await (await getDb()).select().from(creators);
  acme = systemScope(rows.find((r) => r.slug === "acme")!.id);
  beta = systemScope(rows.find((r) => r.slug === "beta")!.id);
  await recordEmailMessage(acme, { ...base, toAddress: "a@x.test", subject: "for acme" });
  await recordEmailMessage(beta, { ...base, toAddress: "b@x.test", subject: "for beta" });
  await recordEmailMessage(null, { ...base, toAddress: "p@x.test", subject: "platform" });
  await recordEmailMessage(acme, { ...base, transport: "resend", toAddress: "r@x.test", subject: "sent by resend" });
});

describe("email queries, two tenants", () => {
  it("a tenant lists only its own mail", async () => {
    expect((await listTenantEmails(acme)).map((m) => m.subject).sort()).toEqual(["for acme", "sent by resend"]);
    expect((await listTenantEmails(beta)).map((m) => m.subject)).toEqual(["for beta"]);
  });
  it("the outbox viewer lists outbox mail only, filterable by recipient", async () => {
    expect((await listOutbox()).map((m) => m.subject).sort()).toEqual(["for acme", "for beta", "platform"]);
    expect((await listOutbox({ to: "B@x.test" })).map((m) => m.subject)).toEqual(["for beta"]);
    const [resend] = await listTenantEmails(acme).then((l) => l.filter((m) => m.transport === "resend"));
    expect(await findOutboxMessage(resend!.id)).toBeNull();
  });
});
