import { Briefcase, Inbox, School } from "lucide-react";
import Link from "next/link";
import { countOutbox } from "@/db/queries/email";
import { schoolCounts } from "@/db/queries/platform-admin";
import { countRunsByStatus } from "@/inngest/runner/store";
import { jobsMode } from "@/inngest/mode";
import { requirePlatformAdmin } from "@/lib/auth/platform-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin" };

/** Where a platform admin lands: the schools, the jobs (failures first) and the outbox, each a click away. */
export default async function AdminHome() {
  const user = await requirePlatformAdmin("/admin");
  const embedded = jobsMode() === "embedded";
  const [schools, runs, outbox] = await Promise.all([schoolCounts(), embedded ? countRunsByStatus() : Promise.resolve([]), countOutbox()]);
  const runs_ = (s: string) => runs.find((r) => r.status === s)?.n ?? 0;
  const failed = runs_("failed");
  const cards = [
    {
      href: "/admin/schools",
      icon: School,
      title: "Schools",
      figure: schools.total.toLocaleString("en-US"),
      note: `${schools.lastWeek.toLocaleString("en-US")} joined in the last 7 days`,
    },
    {
      href: failed ? "/jobs?status=failed" : "/jobs",
      icon: Briefcase,
      title: "Jobs",
      figure: embedded ? (failed ? `${failed.toLocaleString("en-US")} failed` : "No failures") : "On Inngest",
      note: embedded ? `${(runs_("queued") + runs_("running")).toLocaleString("en-US")} queued or running` : "Runs are watched in the Inngest console",
      alert: failed > 0,
    },
    {
      href: "/dev/outbox",
      icon: Inbox,
      title: "Outbox",
      figure: outbox.total.toLocaleString("en-US"),
      note: `${outbox.lastDay.toLocaleString("en-US")} in the last 24 hours`,
    },
  ];
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10">
      <div>
        <h1 className="text-2xl font-semibold">Platform admin</h1>
        <p className="text-sm text-zinc-500">Signed in as {user.email}.</p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-3">
        {cards.map(({ href, icon: Icon, title, figure, note, alert }) => (
          <li key={title}>
            <Link
              href={href}
              className={`flex h-full flex-col gap-1 rounded-lg border bg-white p-5 hover:border-zinc-400 ${alert ? "border-red-300" : "border-zinc-200"}`}
              data-testid={`admin-card-${title.toLowerCase()}`}
            >
              <span className="flex items-center gap-2 text-sm text-zinc-500">
                <Icon className="h-4 w-4" aria-hidden /> {title}
              </span>
              <span className={`text-2xl font-semibold ${alert ? "text-red-700" : ""}`}>{figure}</span>
              <span className="text-sm text-zinc-500">{note}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
