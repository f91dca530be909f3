import { format } from "date-fns";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ORDER_STATUS } from "@/components/commerce/order-status";
import { EnrollForm, IssueCertificateButton, ResetProgressButton, TagsForm, UnenrollButton } from "@/components/students/student-controls";
import { Badge } from "@/components/ui/badge";
import { listCourses } from "@/db/queries/courses";
import { getStudentDetail } from "@/db/queries/students";
import { requireOrg } from "@/lib/auth/session";
import { formatAmount } from "@/lib/commerce/pricing";

export const metadata = { title: "Student" };

const SOURCE = { order: "Purchase", free: "Free offer", manual: "Added by hand" } as Record<string, string>;

export default async function StudentPage({ params }: { params: Promise<{ org: string; studentId: string }> }) {
  const { org, studentId } = await params;
  const { scope, role } = await requireOrg(org);
  if (!/^[0-9a-f-]{36}$/i.test(studentId)) notFound();
  const s = await getStudentDetail(scope, studentId);
  if (!s) notFound();
  const manage = role !== "editor";
  const active = new Set(s.enrollments.filter((e) => e.status === "active").map((e) => e.courseId));
  const courses = manage ? (await listCourses(scope)).filter((c) => c.status !== "archived" && !active.has(c.id)) : [];
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <Link href={`/${org}/students`} className="text-sm text-zinc-500 hover:underline">
        ← Students
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">{s.name}</h1>
        <p className="text-sm text-zinc-500">
          {s.email} · joined {format(s.createdAt, "d MMM yyyy")}
          {s.lastActiveAt ? ` · last active ${format(s.lastActiveAt, "d MMM yyyy")}` : ""}
        </p>
      </div>
      <section aria-labelledby="tags-h" className="flex flex-col gap-2">
        <h2 id="tags-h" className="font-semibold">
          Tags
        </h2>
        <TagsForm studentId={s.id} tags={s.tags} />
      </section>
      <section aria-labelledby="courses-h" className="flex flex-col gap-3">
        <h2 id="courses-h" className="font-semibold">
          Courses
        </h2>
        {s.enrollments.length === 0 ? <p className="text-sm text-zinc-500">Not enrolled in any course.</p> : null}
        <ul className="flex flex-col gap-2">
          {s.enrollments.map((e) => (
            <li
              key={e.courseId}
              className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-zinc-200 bg-white p-3"
              data-testid="student-enrollment"
            >
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <p className="font-medium">{e.title}</p>
                <p className="text-xs text-zinc-500">
                  {SOURCE[e.source] ?? e.source} · enrolled {format(e.enrolledAt, "d MMM yyyy")}
                  {e.lastAccessedAt ? ` · last opened ${format(e.lastAccessedAt, "d MMM yyyy")}` : " · not started"}
                </p>
                <div className="flex max-w-xs items-center gap-2">
                  <div
                    role="progressbar"
                    aria-label={`Progress in ${e.title}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={e.progress}
                    className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200"
                  >
                    <div className="h-full rounded-full bg-emerald-600" style={{ width: `${e.progress}%` }} />
                  </div>
                  <span className="text-xs text-zinc-600" data-testid="enrollment-progress">
                    {e.done} of {e.total} lessons
                  </span>
                </div>
                {e.completedAt ? <p className="text-xs text-emerald-700">Completed {format(e.completedAt, "d MMM yyyy")}</p> : null}
                {e.certificateSerial ? <p className="text-xs text-zinc-600">Certificate {e.certificateSerial}</p> : null}
              </div>
              {e.status === "active" ? (
                manage ? (
                  <div className="flex flex-wrap gap-2">
                    {e.done > 0 ? <ResetProgressButton studentId={s.id} courseId={e.courseId} title={e.title} /> : null}
                    {e.certificateSerial ? null : <IssueCertificateButton studentId={s.id} courseId={e.courseId} title={e.title} />}
                    <UnenrollButton studentId={s.id} courseId={e.courseId} title={e.title} />
                  </div>
                ) : null
              ) : (
                <Badge variant="warning">Access ended</Badge>
              )}
            </li>
          ))}
        </ul>
        {manage ? <EnrollForm studentId={s.id} courses={courses.map((c) => ({ id: c.id, title: c.title }))} /> : null}
      </section>
      <section aria-labelledby="orders-h" className="flex flex-col gap-2">
        <h2 id="orders-h" className="font-semibold">
          Orders
        </h2>
        {s.orders.length === 0 ? (
          <p className="text-sm text-zinc-500">No orders.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {s.orders.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-2">
                <Link href={`/${org}/orders/${o.id}`} className="underline">
                  {o.offerName}
                </Link>
                <span>{formatAmount(o.amountTotal, o.currency)}</span>
                <Badge variant={ORDER_STATUS[o.status].variant}>{ORDER_STATUS[o.status].label}</Badge>
                <span className="text-zinc-500">{format(o.createdAt, "d MMM yyyy")}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
