"use server";
import { z } from "zod";
import { cancelRun, retryRun } from "@/inngest/runner/store";
import { wakeLocalRunner } from "@/inngest/outbox";
import { isPlatformAdmin } from "@/lib/admin/platform-admin";
import { ActionError } from "@/lib/actions/result";
import { userAction } from "@/lib/actions/safe-action";

const input = z.object({ runId: z.string().uuid(), op: z.enum(["retry", "cancel"]) });

/** Platform admins retry a failed/cancelled run (completed steps stay memoized) or cancel an active one. */
export const manageJobRunAction = userAction("manage-job-run", input, async ({ runId, op }, { user }) => {
  if (!isPlatformAdmin(user)) throw new ActionError("not_found", "Not found.");
  const ok = op === "retry" ? await retryRun(runId) : await cancelRun(runId);
  if (!ok) throw new ActionError("conflict", op === "retry" ? "Only failed or cancelled runs can be retried." : "Only queued, running, sleeping or waiting runs can be cancelled.");
  if (op === "retry") wakeLocalRunner();
  return { runId, op };
});
