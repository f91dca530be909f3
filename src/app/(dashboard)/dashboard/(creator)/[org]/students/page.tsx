import { format, formatDistanceToNowStrict } from "date-fns";
import { Download, Upload } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyState, FilterBar, FilterSearch, FilterSelect } from "@/components/ui/filters";
import { buttonVariants } from "@/components/ui/button";
import { listCourses } from "@/db/queries/courses";
import { listStudents, listStudentTags, type StudentFilter } from "@/db/queries/students";
import { requireOrg } from "@/lib/auth/session";

export const metadata = { title: "Students" };

const PROGRESS = { not_started: "Not started", in_progress: "In progress", completed: "Completed" } as const;
const ACTIVE = { "7": "Active in the last 7 days", "30": "Active in the last 30 days" } as const;

type Search = { q?: string; course?: string; tag?: string; progress?: string; active?: string };

export default async function StudentsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Search> }) {
  const { org } = await params;
  const sp = await searchParams;
  const { scope, role } = await requireOrg(org);
  const filter: StudentFilter = {
    q: sp.q?.slice(0, 100) || undefined,
    courseId: /^[0-9a-f-]{36}$/i.test(sp.course ?? "") ? sp.course : undefined,
    tag: sp.tag?.slice(0, 40) || undefined,
    progress: sp.progress && sp.progress in PROGRESS ? (sp.progress as keyof typeof PROGRESS) : undefined,
    activeWithinDays: sp.active === "7" || sp.active === "30" ? Number(sp.active) : undefined,
  };
  const [students, courses, tags] = await Promise.all([listStudents(scope, filter), listCourses(scope), listStudentTags(scope)]);
  const filtered = Object.values(filter).some(Boolean);
  const manage = role !== "editor";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Students</h1>
          <p className="text-sm text-zinc-500">Everyone who joined your school: what they are enrolled in and how far they got.</p>
        </div>
        {manage ? (
          <div className="flex gap-2">
            <Link href={`/${org}/students/import`} className={buttonVariants({ variant: "outline" })}>
              <Upload className="h-4 w-4" aria-hidden /> Import CSV
            </Link>
            <a href={`/${org}/students/export.csv`} className={buttonVariants({ variant: "outline" })}>
              <Download className="h-4 w-4" aria-hidden /> Export CSV
            </a>
          </div>
        ) : null}
      </div>
      <FilterBar>
        <FilterSearch label="Search by name or email" defaultValue={sp.q} />
        <FilterSelect
          name="course"
          label="Course"
          any="All courses"
          defaultValue={filter.courseId}
          options={courses.map((c) => ({ value: c.id, label: c.title }))}
        />
        <FilterSelect
          name="progress"
          label="Progress"
          any="Any progress"
          defaultValue={filter.progress}
          options={Object.entries(PROGRESS).map(([value, label]) => ({ value, label }))}
        />
        <FilterSelect
          name="active"
          label="Last active"
          any="Any time"
          defaultValue={sp.active}
          options={Object.entries(ACTIVE).map(([value, label]) => ({ value, label }))}
        />
        {tags.length ? (
          <FilterSelect name="tag" label="Tag" any="Any tag" defaultValue={filter.tag} options={tags.map((t) => ({ value: t, label: t }))} />
        ) : null}
      </FilterBar>
      {students.length === 0 ? (
        <EmptyState>{filtered ? "No students match these filters." : "No students yet. Share your site, or import a list."}</EmptyState>
      ) : (
        <DataTable columns={["Student", "Courses", "Progress", "Last active", "Joined"]}>
          {students.map((s) => (
            <tr key={s.id} data-testid="student-row">
              <td className="px-4 py-2">
                <Link href={`/${org}/students/${s.id}`} className="font-medium underline-offset-2 hover:underline">
                  {s.name}
                </Link>
                <div className="text-xs text-zinc-500">{s.email}</div>
                {s.tags.length || s.status === "blocked" ? (
                  <div className="mt-1 flex flex-wrap gap-1">
                    {s.status === "blocked" ? <Badge variant="warning">Blocked</Badge> : null}
                    {s.tags.map((t) => (
                      <Badge key={t}>{t}</Badge>
                    ))}
                  </div>
                ) : null}
              </td>
              <td className="px-4 py-2">{s.courses}</td>
              <td className="px-4 py-2">
                {s.progress === null ? (
                  "—"
                ) : (
                  <div className="flex items-center gap-2">
                    <div
                      className="h-1.5 w-20 rounded-full bg-zinc-100"
                      role="progressbar"
                      aria-valuenow={s.progress}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-label={`${s.name}'s progress`}
                    >
                      <div className="h-1.5 rounded-full bg-emerald-500" style={{ width: `${s.progress}%` }} />
                    </div>
                    <span className="text-xs text-zinc-600">{s.progress}%</span>
                  </div>
                )}
              </td>
              <td className="px-4 py-2 text-zinc-500">{s.lastActiveAt ? `${formatDistanceToNowStrict(s.lastActiveAt)} ago` : "—"}</td>
              <td className="px-4 py-2 text-zinc-500">{format(s.createdAt, "d MMM yyyy")}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
