import Link from "next/link";
import { AutoRefresh } from "@/components/site/auto-refresh";
import { ProgressBar } from "@/components/learning/progress-bar";
import { libraryOf } from "@/db/queries/learning";
import { isOrderFulfilled } from "@/db/queries/orders";
import { requireStudent } from "@/lib/site/portal";

export const metadata = { title: "My library" };

export default async function LibraryPage({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ order?: string }> }) {
  const { site, scope, user } = await requireStudent((await params).site, "/library");
  const { order } = await searchParams;
  const justBought = order && /^[0-9a-f-]{36}$/i.test(order) ? order : null;
  const [courses, ready] = await Promise.all([
    libraryOf(scope, user.id),
    justBought ? isOrderFulfilled(scope, { orderId: justBought, userId: user.id }) : true,
  ]);
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-10">
      <div>
        <h1 className="text-2xl font-semibold">My library</h1>
        <p className="text-sm text-zinc-500">
          Hi {user.name}, these are your courses at {site.name}.
        </p>
        {!user.emailVerified ? (
          <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">Please confirm your email address — we sent you a link.</p>
        ) : null}
      </div>
      {justBought ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {ready ? "Thank you for your order! Your courses are below, and the receipt is in your inbox." : "Thank you for your order! Setting up your access…"}
          {ready ? null : <AutoRefresh />}
        </p>
      ) : null}
      {courses.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center">
          <p className="text-sm text-zinc-600">You are not enrolled in any course yet.</p>
          <Link href="/" className="mt-3 inline-flex rounded-md bg-brand px-4 py-2 text-sm font-medium text-white">
            Browse courses
          </Link>
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {courses.map((c) => (
            <li key={c.id} className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-5" data-testid="library-course">
              {c.coverUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
                <img src={c.coverUrl} alt="" className="aspect-video w-full rounded-md object-cover" />
              ) : null}
              <h2 className="font-semibold">{c.title}</h2>
              {c.subtitle ? <p className="text-sm text-zinc-600">{c.subtitle}</p> : null}
              <div className="mt-auto flex flex-col gap-3">
                <ProgressBar done={c.done} total={c.total} label={`Progress in ${c.title}`} />
                <div className="flex flex-wrap items-center gap-3">
                  <Link href={`/learn/${c.slug}`} className="inline-flex rounded-md bg-brand px-4 py-2 text-sm font-medium text-white">
                    {c.completedAt ? "Review course" : c.done ? "Continue" : "Start course"}
                    <span className="sr-only"> {c.title}</span>
                  </Link>
                  {c.certified ? (
                    <a href={`/certificate/${c.slug}`} download className="text-sm font-medium underline">
                      Certificate (PDF)<span className="sr-only"> for {c.title}</span>
                    </a>
                  ) : null}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
