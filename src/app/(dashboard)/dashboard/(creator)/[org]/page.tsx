import { BookOpen, Palette, Users, UserSquare } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { countCourses, listCourses } from "@/db/queries/courses";
import { countStudents } from "@/db/queries/students";
import { listMembers } from "@/db/queries/members";
import { requireOrg } from "@/lib/auth/session";
import { tenantUrl } from "@/lib/env";

export default async function OrgHome({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, creator, user } = await requireOrg(org);
  const [courses, published, students, team] = await Promise.all([
    countCourses(scope),
    listCourses(scope, { status: "published" }),
    countStudents(scope),
    listMembers(scope),
  ]);
  const checklist = [
    { done: true, label: "Create your school", href: `/${org}` },
    { done: creator.branding.logoUrl !== null || creator.branding.primaryColor !== "#4f46e5", label: "Brand your site", href: `/${org}/settings/branding` },
    { done: courses > 0, label: "Create a course", href: `/${org}/courses` },
    { done: published.length > 0, label: "Publish a course", href: `/${org}/courses` },
    { done: team.length > 1, label: "Invite your team", href: `/${org}/settings/team` },
  ];
  const stats = [
    { label: "Courses", value: courses, icon: BookOpen },
    { label: "Published", value: published.length, icon: BookOpen },
    { label: "Students", value: students, icon: UserSquare },
    { label: "Team", value: team.length, icon: Users },
  ];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Welcome back, {user.name.split(" ")[0]}</h1>
        <p className="text-sm text-zinc-500">
          Your site:{" "}
          <a className="underline" href={tenantUrl(creator.slug)} target="_blank" rel="noreferrer">
            {tenantUrl(creator.slug)}
          </a>
        </p>
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label}>
            <CardHeader className="flex-row items-center justify-between">
              <span className="text-sm text-zinc-500">{s.label}</span>
              <s.icon className="h-4 w-4 text-zinc-400" aria-hidden />
            </CardHeader>
            <CardContent>
              <span className="text-2xl font-semibold" data-testid={`stat-${s.label.toLowerCase()}`}>
                {s.value}
              </span>
            </CardContent>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Set up your school</CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="flex flex-col gap-2">
            {checklist.map((c) => (
              <li key={c.label} className="flex items-center gap-3 text-sm">
                <span
                  aria-hidden
                  className={`flex h-5 w-5 items-center justify-center rounded-full text-xs ${c.done ? "bg-emerald-500 text-white" : "border border-zinc-300"}`}
                >
                  {c.done ? "✓" : ""}
                </span>
                <Link href={c.href} className={c.done ? "text-zinc-400 line-through" : "hover:underline"}>
                  {c.label}
                </Link>
                <span className="sr-only">{c.done ? "(done)" : "(to do)"}</span>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
      <p className="flex items-center gap-2 text-sm text-zinc-500">
        <Palette className="h-4 w-4" aria-hidden /> Tip: your brand colour and font show on your site, sign-in pages and emails.
      </p>
    </div>
  );
}
