"use server";
import { z } from "zod";
import { cancelRun, retryRun } from "@/inngest/runner/store";
import { wakeLocalRunner } from "@/inngest/outbox";
import { DomainError } from "@/lib/errors";
import { adminAction } from "@/lib/actions/chain";

const input = z.object({ runId: z.string().uuid(), op: z.enum(["retry", "cancel"]) });

/** Platform admins retry a failed/cancelled run (completed steps stay memoized) or cancel an active one. */
export const manageJobRunAction = adminAction({ name: "manage-job-run", schema: input }, async ({ runId, op }) => {
  const ok = op === "retry" ? await retryRun(runId) : await cancelRun(runId);
  if (!ok)
    throw new DomainError(
      "conflict",
      op === "retry" ? "Only failed or cancelled runs can be retried." : "Only queued, running, sleeping or waiting runs can be cancelled.",
    );
  if (op === "retry") wakeLocalRunner();
  return { runId, op };
});
