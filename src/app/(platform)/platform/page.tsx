import Link from "next/link";
import { appUrl } from "@/lib/env";

// Links point at the app host, which depends on ROOT_DOMAIN at run time.
export const dynamic = "force-dynamic";

/** What Courseforge does today — and nothing it does not (yet): this list grows with the product. */
const FEATURES = [
  ["Courses", "Text lessons, quizzes and downloads in modules you arrange by dragging, with drip schedules, prerequisites and certificates."],
  ["Your own school", "A branded site with sales pages, on your Courseforge address or your own domain, fast on phones and easy to find in search."],
  ["Sell", "One-time prices, subscriptions and payment plans through Stripe, with coupons and order bumps."],
  ["Students", "A library and course player that remember where each student was, on any screen."],
  ["Your dashboard", "Revenue, new and active students and completion at a glance, and a checklist to launch."],
  ["Your team", "Invite editors and admins to build your courses with you."],
];

export default function PlatformHome() {
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-16 px-6 py-16">
      <header className="flex items-center justify-between">
        <span className="text-lg font-bold">Courseforge</span>
        <nav className="flex items-center gap-4 text-sm">
          <a href={appUrl("/sign-in")} className="hover:underline">
            Sign in
          </a>
          <a href={appUrl("/sign-up")} className="rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white">
            Start free
          </a>
        </nav>
      </header>
      <section className="flex flex-col gap-4">
        <h1 className="max-w-2xl text-4xl font-bold tracking-tight sm:text-5xl">Build, market and sell your courses — on your own branded school.</h1>
        <p className="max-w-xl text-lg text-zinc-600">
          Courseforge gives creators a course builder, a branded school site, checkout and a student portal in one place.
        </p>
        <div>
          <a href={appUrl("/sign-up")} className="inline-flex rounded-md bg-zinc-900 px-5 py-3 font-medium text-white">
            Create your school
          </a>
        </div>
      </section>
      <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {FEATURES.map(([t, d]) => (
          <div key={t} className="rounded-lg border border-zinc-200 bg-white p-5">
            <h2 className="font-semibold">{t}</h2>
            <p className="mt-1 text-sm text-zinc-600">{d}</p>
          </div>
        ))}
      </section>
      <footer className="text-sm text-zinc-500">
        © Courseforge · <Link href="/">Home</Link>
      </footer>
    </main>
  );
}
