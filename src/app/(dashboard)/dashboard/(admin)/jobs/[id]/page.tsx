import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AutoRefresh, RunActions } from "@/components/jobs/run-actions";
import { RunStatusBadge } from "@/components/jobs/status-badge";
import { findRunWithSteps } from "@/inngest/runner/store";
import { requirePlatformAdmin } from "@/lib/auth/platform-admin";

export const dynamic = "force-dynamic";

/**
 * One-time tokens (magic links, resets, invites) masked wherever a run shows text: events carry links
 * sealed, but an error message or output written by a function could still quote one. Admins need the
 * shape, not the keys.
 */
const redact = (text: string) =>
  text.replace(/(token=)[^"&\s]+/g, "$1[redacted]").replace(/(\/(?:reset-password|invite)\/)[A-Za-z0-9_-]{12,}/g, "$1[redacted]");
const json = (v: unknown) => redact(JSON.stringify(v, null, 2));

export default async function JobRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePlatformAdmin(`/jobs/${id}`);
  if (!z.string().uuid().safeParse(id).success) notFound();
  const found = await findRunWithSteps(id);
  if (!found) notFound();
  const { run, steps } = found;
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-10">
      <AutoRefresh active={["queued", "running"].includes(run.status)} />
      <Link href="/jobs" className="text-sm text-zinc-600 hover:underline">
        ← Jobs
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{run.functionId.replace(/^courseforge-/, "")}</h1>
          <p className="text-sm text-zinc-500">
            run {run.id} · event {run.eventName} · attempt {run.attempt}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <RunStatusBadge status={run.status} />
          <RunActions runId={run.id} status={run.status} />
        </div>
      </div>
      {run.error ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">{redact(`${run.error.name}: ${run.error.message}`)}</p>
          {run.failedStep ? <p>in step “{run.failedStep}”</p> : null}
        </div>
      ) : null}
      <section aria-labelledby="steps-h" className="rounded-lg border border-zinc-200 bg-white">
        <h2 id="steps-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
          Steps
        </h2>
        {steps.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500">No step has run yet.</p>
        ) : (
          <ol className="divide-y divide-zinc-100">
            {steps.map((s) => (
              <li key={s.id} className="flex flex-col gap-1 px-4 py-3 text-sm" data-testid="job-step">
                <div className="flex items-center justify-between">
                  <span className="font-medium">
                    {s.name ?? s.stepId} <span className="text-xs text-zinc-500">({s.kind})</span>
                  </span>
                  <RunStatusBadge status={s.status} />
                </div>
                {s.wait && s.status === "waiting" ? <span className="text-xs text-zinc-500">waiting for {s.wait.event}</span> : null}
                {s.wakeAt && s.status !== "completed" && s.status !== "failed" ? (
                  <span className="text-xs text-zinc-500">until {s.wakeAt.toISOString()}</span>
                ) : null}
                {s.error ? <pre className="overflow-x-auto rounded bg-red-50 p-2 text-xs text-red-800">{json(s.error)}</pre> : null}
                {s.output !== null && s.output !== undefined ? <pre className="overflow-x-auto rounded bg-zinc-50 p-2 text-xs">{json(s.output)}</pre> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="event-h" className="rounded-lg border border-zinc-200 bg-white">
        <h2 id="event-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
          Event
        </h2>
        <pre className="overflow-x-auto p-4 text-xs">{json(run.event)}</pre>
      </section>
      {run.output !== null && run.output !== undefined ? (
        <section aria-labelledby="out-h" className="rounded-lg border border-zinc-200 bg-white">
          <h2 id="out-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
            Output
          </h2>
          <pre className="overflow-x-auto p-4 text-xs">{json(run.output)}</pre>
        </section>
      ) : null}
    </main>
  );
}
