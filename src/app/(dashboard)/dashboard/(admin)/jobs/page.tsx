import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import { AutoRefresh } from "@/components/jobs/run-actions";
import { RunStatusBadge } from "@/components/jobs/status-badge";
import { countRunsByStatus, listRuns, type RunRow } from "@/inngest/runner/store";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { jobsMode } from "@/inngest/mode";
import { requirePlatformAdmin } from "@/lib/auth/platform-admin";
import { schoolNamesByIds } from "@/db/queries/platform-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Jobs" };

const STATUSES = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"] as const;

function duration(r: RunRow) {
  if (!r.startedAt) return "–";
  const end = r.finishedAt ?? new Date();
  const ms = end.getTime() - r.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ status?: string; fn?: string }> }) {
  await requirePlatformAdmin("/jobs");
  const mode = jobsMode();
  if (mode !== "embedded") {
    const url = mode === "dev" ? (process.env.INNGEST_DEV?.startsWith("http") ? process.env.INNGEST_DEV : "http://localhost:8288") : "https://app.inngest.com";
    return (
      <main className="mx-auto max-w-3xl px-4 py-10">
        <h1 className="text-2xl font-semibold">Jobs</h1>
        <p className="mt-2 text-sm text-zinc-600">
          Functions run on Inngest ({mode === "dev" ? "dev server" : "Cloud"}). Watch and replay runs in the{" "}
          <a className="underline" href={url}>
            Inngest console
          </a>
          .
        </p>
      </main>
    );
  }
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const fnId = functions.map((f) => f.id(inngest.id)).find((id) => id === sp.fn);
  const [runs, counts] = await Promise.all([listRuns({ status, functionId: fnId, limit: 100 }), countRunsByStatus()]);
  const schools = await schoolNamesByIds(runs.flatMap((r) => (r.creatorId ? [r.creatorId] : [])));
  const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const active = runs.some((r) => ["queued", "running"].includes(r.status));
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10">
      <AutoRefresh active={active} />
      <div>
        <h1 className="text-2xl font-semibold">Jobs</h1>
        <p className="text-sm text-zinc-500">Durable function runs on the embedded executor (Inngest&apos;s protocol, on this app&apos;s Postgres).</p>
      </div>
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
        <Link href="/jobs" className={`rounded-full border px-3 py-1 ${!status ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-300 bg-white"}`}>
          all
        </Link>
        {STATUSES.map((s) => (
          <Link
            key={s}
            href={`/jobs?status=${s}`}
            className={`rounded-full border px-3 py-1 ${status === s ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-300 bg-white"}`}
          >
            {s} <span className="text-xs opacity-70">{count(s)}</span>
          </Link>
        ))}
      </nav>
      {runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          No runs{status ? ` with status ${status}` : ""} yet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full min-w-[40rem] text-sm">
            <thead className="bg-zinc-50 text-left text-zinc-500">
              <tr>
                <th className="px-4 py-2 font-medium">Function</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">School</th>
                <th className="px-4 py-2 font-medium">Queued</th>
                <th className="px-4 py-2 font-medium">Duration</th>
                <th className="px-4 py-2 font-medium">Attempt</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {runs.map((r) => (
                <tr key={r.id} data-testid="job-run">
                  <td className="px-4 py-2">
                    <Link href={`/jobs/${r.id}`} className="font-medium underline-offset-2 hover:underline">
                      {r.functionId.replace(/^courseforge-/, "")}
                    </Link>
                    <span className="block text-xs text-zinc-500">{r.eventName}</span>
                  </td>
                  <td className="px-4 py-2">
                    <RunStatusBadge status={r.status} />
                  </td>
                  <td className="px-4 py-2">
                    {r.creatorId ? (
                      <Link
                        href={`/admin/schools?q=${encodeURIComponent(schools.get(r.creatorId)?.slug ?? "")}`}
                        className="underline-offset-2 hover:underline"
                      >
                        {schools.get(r.creatorId)?.name ?? "A removed school"}
                      </Link>
                    ) : (
                      <span className="text-zinc-500">Platform</span>
                    )}
                  </td>
                  <td className="px-4 py-2 text-zinc-500">{formatDistanceToNow(r.createdAt, { addSuffix: true })}</td>
                  <td className="px-4 py-2">{duration(r)}</td>
                  <td className="px-4 py-2">{r.attempt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
