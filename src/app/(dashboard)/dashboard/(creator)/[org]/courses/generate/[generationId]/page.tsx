import Link from "next/link";
import { notFound } from "next/navigation";
import { GenerationRun } from "@/components/ai/generation-run";
import { getBalances } from "@/db/queries/credits";
import { mayGenerate } from "@/lib/ai/access";
import { generationSnapshot } from "@/lib/ai/course/snapshot";
import { requireOrg } from "@/lib/auth/session";

export const metadata = { title: "AI course generation" };

/** One AI run: the outline as it streams, the review, the pieces' progress, the draft course. The state comes from the run, so a reload resumes. */
export default async function GenerationPage({ params }: { params: Promise<{ org: string; generationId: string }> }) {
  const { org, generationId } = await params;
  const member = await requireOrg(org);
  if (!/^[0-9a-f-]{36}$/i.test(generationId)) notFound();
  const snapshot = await generationSnapshot(member.scope, generationId);
  if (!snapshot) notFound();
  const balances = await getBalances(member.scope);
  return (
    <div className="flex max-w-4xl flex-col gap-4">
      <Link href={`/${org}/courses/generate`} className="text-sm text-zinc-500 hover:underline">
        ← AI runs
      </Link>
      <GenerationRun initial={snapshot} available={balances.available} mayEdit={mayGenerate(member)} />
    </div>
  );
}
