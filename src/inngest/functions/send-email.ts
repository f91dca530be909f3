import { systemScope } from "@/db/scope";
import { renderEmailCommand } from "@/emails/registry";
import { sendEmail } from "@/lib/email/send-email";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * Every transactional email goes out through this function, so it is retried and visible as a run.
 * One outside side effect, one step: a completed send is never repeated on a retry of the run.
 */
export const sendEmailFunction = inngest.createFunction(
  {
    id: "send-email",
    name: "Send an email",
    triggers: [{ event: "email/send.requested" }],
    retries: 5,
    concurrency: { limit: 10, key: "event.data.creatorId" },
  },
  async ({ event, step }) => {
    const data = event.data as EventData<"email/send.requested">;
    const sent = await step.run("send", async () => {
      const { subject, element } = renderEmailCommand(data);
      return sendEmail({ to: data.to, subject, react: element, tag: data.template, scope: data.creatorId ? systemScope(data.creatorId) : null });
    });
    return { messageId: sent.id };
  },
);
