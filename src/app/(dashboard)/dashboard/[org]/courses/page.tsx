import { Badge } from "@/components/ui/badge";
import { listCourses } from "@/db/queries/courses";
import { requireOrg } from "@/lib/auth/session";
import { tenantUrl } from "@/lib/env";

export default async function CoursesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ q?: string }> }) {
  const { org } = await params;
  const { q } = await searchParams;
  const { scope, creator } = await requireOrg(org);
  const courses = await listCourses(scope, { q: q?.slice(0, 100) || undefined });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Courses</h1>
          <p className="text-sm text-zinc-500">The course builder arrives with the courses issue; for now this lists what your school has.</p>
        </div>
        <form className="flex gap-2">
          <input name="q" defaultValue={q} placeholder="Search courses" aria-label="Search courses" className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm" />
        </form>
      </div>
      {courses.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">{q ? "No course matches your search." : "No courses yet."}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
          {courses.map((c) => (
            <li key={c.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <span className="font-medium">{c.title}</span>
                <span className="block text-sm text-zinc-500">
                  {c.lessonCount} lesson{c.lessonCount === 1 ? "" : "s"}
                </span>
              </div>
              <div className="flex items-center gap-3">
                <Badge variant={c.status === "published" ? "success" : c.status === "draft" ? "warning" : "default"}>{c.status}</Badge>
                {c.status === "published" ? (
                  <a href={tenantUrl(creator.slug, `/courses/${c.slug}`)} target="_blank" rel="noreferrer" className="text-sm underline">
                    View
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
