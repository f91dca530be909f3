import { formatDistanceToNow } from "date-fns";
import { AdjustCredits } from "@/components/admin/adjust-credits";
import { listSchoolsForAdmin } from "@/db/queries/platform-admin";
import { requirePlatformAdmin } from "@/lib/auth/platform-admin";
import { planOf } from "@/lib/platform-billing/plans";

export const dynamic = "force-dynamic";
export const metadata = { title: "Schools" };

/** Platform admins: every school with its plan and credits, and credit adjustments with a reason. */
export default async function SchoolsAdminPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requirePlatformAdmin("/admin/schools");
  const { q } = await searchParams;
  const schools = await listSchoolsForAdmin({ q: q?.slice(0, 100) });
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10">
      <div>
        <h1 className="text-2xl font-semibold">Schools</h1>
        <p className="text-sm text-zinc-500">
          Every school on this Courseforge, its plan and credits. Adjustments post to the school&apos;s ledger with your name and reason.
        </p>
      </div>
      <form role="search" className="flex gap-2">
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search by name or subdomain"
          aria-label="Search schools"
          className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm sm:max-w-xs"
        />
        <button type="submit" className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-50">
          Search
        </button>
      </form>
      {schools.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          {q ? "No school matches." : "No schools yet."}
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {schools.map((s) => (
            <li key={s.id} className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" data-testid="admin-school">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <div>
                  <p className="font-medium">{s.name}</p>
                  <p className="text-xs text-zinc-500">
                    {s.slug} · {planOf(s.plan).name} · owner {s.ownerEmail ?? "none"} · created {formatDistanceToNow(s.createdAt, { addSuffix: true })}
                  </p>
                </div>
                <p className="text-sm">
                  <span className="font-semibold" data-testid="admin-school-available">
                    {s.available.toLocaleString("en")}
                  </span>{" "}
                  credits available{s.held ? ` · ${s.held.toLocaleString("en")} held` : ""}
                </p>
              </div>
              <AdjustCredits creatorId={s.id} schoolName={s.name} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
