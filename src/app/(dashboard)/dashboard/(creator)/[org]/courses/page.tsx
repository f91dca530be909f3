import { Eye, Pencil, Sparkles } from "lucide-react";
import Link from "next/link";
import { NewCourse } from "@/components/courses/new-course";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { firstLessonIds } from "@/db/queries/courses";
import { listCourses } from "@/db/queries/courses";
import { completionRates } from "@/db/queries/progress";
import { mayGenerate } from "@/lib/ai/access";
import { requireOrg } from "@/lib/auth/session";
import { tenantUrl } from "@/lib/env";

const STATUSES = ["all", "draft", "published", "archived"] as const;

export default async function CoursesPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ q?: string; status?: string }>;
}) {
  const { org } = await params;
  const { q, status: rawStatus } = await searchParams;
  const status = (STATUSES as readonly string[]).includes(rawStatus ?? "") ? (rawStatus as (typeof STATUSES)[number]) : "all";
  const member = await requireOrg(org);
  const { scope, creator } = member;
  const [courses, first, rates] = await Promise.all([
    listCourses(scope, { q: q?.slice(0, 100) || undefined, status: status === "all" ? undefined : status }),
    firstLessonIds(scope),
    completionRates(scope),
  ]);
  const filtered = !!q || status !== "all";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Courses</h1>
          <p className="text-sm text-zinc-500">Build, publish and preview your courses.</p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {mayGenerate(member) ? (
            <Link href={`/${creator.slug}/courses/generate`} className={buttonVariants({ variant: "outline" })}>
              <Sparkles className="h-4 w-4" aria-hidden /> Generate with AI
            </Link>
          ) : null}
          <NewCourse />
        </div>
      </div>
      <form className="flex flex-wrap gap-2" role="search">
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search courses"
          aria-label="Search courses"
          className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm sm:max-w-xs"
        />
        <select name="status" defaultValue={status} aria-label="Status" className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm">
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "all" ? "All statuses" : s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <button type="submit" className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-50">
          Filter
        </button>
      </form>
      {courses.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          {filtered ? (
            <>
              No course matches.{" "}
              <Link href={`/${creator.slug}/courses`} className="underline">
                Clear the filters
              </Link>
            </>
          ) : (
            "No courses yet. Create your first one — give it a title and the builder opens."
          )}
        </div>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white" data-testid="course-list">
          {courses.map((c) => {
            const firstLesson = first.get(c.id);
            return (
              <li key={c.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <Link href={`/${creator.slug}/courses/${c.id}`} className="font-medium hover:underline">
                    {c.title}
                  </Link>
                  <span className="block text-sm text-zinc-500">
                    {c.lessonCount} lesson{c.lessonCount === 1 ? "" : "s"} · /{c.slug}
                  </span>
                  <CompletionRate rate={rates.get(c.id)} />
                </div>
                <div className="flex flex-wrap items-center gap-3">
                  <Badge variant={c.status === "published" ? "success" : c.status === "draft" ? "warning" : "default"}>{c.status}</Badge>
                  <Link href={`/${creator.slug}/courses/${c.id}`} className="inline-flex items-center gap-1 text-sm underline">
                    <Pencil className="h-3.5 w-3.5" aria-hidden /> Edit
                  </Link>
                  {firstLesson ? (
                    <Link href={`/${creator.slug}/courses/${c.id}/preview/${firstLesson}`} className="inline-flex items-center gap-1 text-sm underline">
                      <Eye className="h-3.5 w-3.5" aria-hidden /> Preview as student
                    </Link>
                  ) : null}
                  {c.status === "published" ? (
                    <a href={tenantUrl(creator.slug, `/courses/${c.slug}`)} target="_blank" rel="noreferrer" className="text-sm underline">
                      View on site
                    </a>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** "3 students · 33% completed", with a small bar; nothing before anyone enrolls. */
function CompletionRate({ rate }: { rate: { enrolled: number; completed: number } | undefined }) {
  if (!rate?.enrolled) return <span className="block text-xs text-zinc-500">No students yet</span>;
  const pct = Math.round((100 * rate.completed) / rate.enrolled);
  return (
    <span className="mt-1 flex items-center gap-2 text-xs text-zinc-600" data-testid="completion-rate">
      <span role="img" aria-label={`${pct}% of students completed`} className="block h-1.5 w-24 overflow-hidden rounded-full bg-zinc-200">
        <span className="block h-full rounded-full bg-emerald-600" style={{ width: `${pct}%` }} />
      </span>
      {rate.enrolled} student{rate.enrolled === 1 ? "" : "s"} · {pct}% completed
    </span>
  );
}
