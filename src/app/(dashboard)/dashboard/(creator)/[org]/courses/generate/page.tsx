import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import { AiAccessToggle } from "@/components/ai/ai-access-toggle";
import { BriefForm } from "@/components/ai/brief-form";
import { ProviderNotice } from "@/components/ai/provider-notice";
import { Badge } from "@/components/ui/badge";
import { listGenerations } from "@/db/queries/ai-generations";
import { getBalances } from "@/db/queries/credits";
import { mayGenerate } from "@/lib/ai/access";
import { currentAiSetup } from "@/lib/ai/config";
import { requireOrg } from "@/lib/auth/session";

export const metadata = { title: "Generate a course with AI" };

const STATUS: Record<string, { label: string; variant: "default" | "success" | "warning" | "danger" }> = {
  outlining: { label: "Writing the outline", variant: "default" },
  outline_ready: { label: "Outline to review", variant: "warning" },
  generating: { label: "Writing lessons", variant: "default" },
  completed: { label: "Draft ready", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  canceled: { label: "Canceled", variant: "default" },
};

/** The AI course wizard's first step — the brief — and the school's recent runs. */
export default async function GeneratePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const member = await requireOrg(org);
  const setup = (() => {
    try {
      return currentAiSetup();
    } catch (err) {
      return { error: (err as Error).message };
    }
  })();
  const [runs, balances] = await Promise.all([listGenerations(member.scope), getBalances(member.scope)]);
  const allowed = mayGenerate(member);
  const ready = !("error" in setup) && setup.text !== null;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <Link href={`/${org}/courses`} className="text-sm text-zinc-500 hover:underline">
        ← Courses
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">Generate a course with AI</h1>
        <p className="text-sm text-zinc-500">
          Describe the course; review and edit the outline; then lessons, quizzes and a cover are written into a draft you finish in the builder. Nothing is
          published for you.
        </p>
      </div>
      <ProviderNotice
        setup={
          "error" in setup
            ? { kind: "error", message: setup.error }
            : setup.text === null
              ? { kind: "none" }
              : setup.sample
                ? { kind: "sample" }
                : { kind: "ok" }
        }
      />
      {member.role === "owner" ? <AiAccessToggle initial={member.creator.aiForEditors} /> : null}
      {!allowed ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Your school&apos;s owner has not allowed editors to generate courses with AI (it spends the school&apos;s credits). An owner can allow it on this
          page.
        </p>
      ) : ready ? (
        <BriefForm available={balances.available} />
      ) : null}
      <section className="flex flex-col gap-2" aria-labelledby="recent-runs">
        <h2 id="recent-runs" className="text-lg font-semibold">
          Recent runs
        </h2>
        {runs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-6 text-center text-sm text-zinc-500">
            No AI runs yet. Your first brief will appear here.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white" data-testid="generation-list">
            {runs.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <Link href={`/${org}/courses/generate/${r.id}`} className="min-w-0 font-medium hover:underline">
                  {r.title ?? r.topic}
                </Link>
                <span className="flex items-center gap-2 text-xs text-zinc-500">
                  {r.sample ? <Badge variant="warning">Sample</Badge> : null}
                  <Badge variant={STATUS[r.status]!.variant}>{STATUS[r.status]!.label}</Badge>
                  {formatDistanceToNow(r.createdAt, { addSuffix: true })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
