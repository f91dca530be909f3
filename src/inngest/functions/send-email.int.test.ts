import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { emailMessages, jobEvents, jobRuns, jobSteps } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { PLATFORM_BRAND } from "@/emails/components/email-layout";
import { sendEvent } from "../send";
import { functions } from "./index";
import { sendEmailFunction } from "./send-email";
import { authFetch, drainJobs } from "../../../test/helpers";

const event = {
  name: "email/send.requested",
  data: {
    creatorId: null,
    to: "ada@example.test",
    template: "magic-link",
    props: { brand: PLATFORM_BRAND, url: "http://app.localhost:3000/api/auth/magic-link/verify?token=t" },
  },
};

describe("send-email function", () => {
  it("with Inngest's test engine: renders the template and delivers it in one step", async () => {
    const t = new InngestTestEngine({ function: sendEmailFunction, events: [event as never] });
    const { result } = await t.execute();
    expect(result).toMatchObject({ messageId: expect.any(String) });
    const db = await getDb();
    const [m] = await db.select().from(emailMessages).where(eq(emailMessages.toAddress, "ada@example.test"));
    expect(m).toMatchObject({ subject: "Your sign-in link for Courseforge", tag: "magic-link", status: "sent", transport: "outbox" });
    expect(m!.html).toContain("magic-link/verify?token=t");
  });

  it("through the embedded runner: a visible run with its step and output", async () => {
    const { id } = await sendEvent(null, { name: "email/send.requested", data: { ...event.data, to: "grace@example.test" } as never });
    await drainJobs();
    const db = await getDb();
    const [run] = await db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.eventId, id), eq(jobRuns.functionId, "courseforge-send-email")));
    expect(run).toMatchObject({ status: "completed", creatorId: null, concurrencyKeys: ["fn:courseforge-send-email:"] });
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.runId, run!.id));
    expect(steps.map((s) => [s.name, s.status])).toEqual([["send", "completed"]]);
    expect((await db.select().from(emailMessages).where(eq(emailMessages.toAddress, "grace@example.test"))).length).toBe(1);
    expect(functions.map((f) => f.id())).toContain("send-email");
  });

  it("a one-time link rides sealed: the email carries the working link, the job event and run never hold it readable", async () => {
    await seedDemo();
    const res = await authFetch({
      host: "app.localhost:3000",
      path: "/request-password-reset",
      body: { email: "owner@acme.test", redirectTo: "/reset-password" },
      peer: "198.51.100.77",
    });
    expect(res.status).toBe(200);
    await drainJobs();
    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.toAddress, "owner@acme.test"), eq(emailMessages.tag, "reset-password")));
    const token = /\/api\/auth\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail!.html)?.[1];
    expect(token, "the email holds a usable reset link").toBeTruthy();
    const [ev] = await db.select().from(jobEvents).where(eq(jobEvents.name, "auth/password-reset.requested"));
    expect(ev!.data.sealedUrl).toMatch(/^sealed:v1:/);
    const [run] = await db.select().from(jobRuns).where(eq(jobRuns.eventId, ev!.id));
    expect(run!.status).toBe("completed");
    expect(JSON.stringify([ev, run])).not.toContain(token);
  });
});
