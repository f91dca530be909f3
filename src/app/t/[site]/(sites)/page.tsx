import Link from "next/link";
import { notFound } from "next/navigation";
import { getSiteCourses } from "@/lib/site/data";
import { getSite } from "@/lib/tenant/resolve";

export const revalidate = 3600;
export const metadata = { alternates: { canonical: "/" } };
export function generateStaticParams() {
  return [];
}

function money(amount: number | null, currency: string | null) {
  if (amount === null || currency === null) return null;
  if (amount === 0) return "Free";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

export default async function TenantHome({ params }: { params: Promise<{ site: string }> }) {
  const key = (await params).site;
  const site = await getSite(key);
  if (!site) notFound();
  const courses = await getSiteCourses(site);
  return (
    <main>
      <section
        className="border-b border-zinc-100"
        style={{ background: `linear-gradient(135deg, ${site.branding.primaryColor}14, ${site.branding.accentColor}14)` }}
      >
        <div className="mx-auto flex max-w-5xl flex-col gap-3 px-4 py-14">
          <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{site.name}</h1>
          {site.branding.tagline ? <p className="max-w-2xl text-lg text-zinc-600">{site.branding.tagline}</p> : null}
          {courses.length ? (
            <div>
              <a href="#courses-h" className="mt-2 inline-flex rounded-md bg-brand px-5 py-2.5 font-medium text-white">
                Browse courses
              </a>
            </div>
          ) : null}
        </div>
      </section>
      <section className="mx-auto max-w-5xl px-4 py-10" aria-labelledby="courses-h">
        <h2 id="courses-h" className="mb-4 text-xl font-semibold">
          Courses
        </h2>
        {courses.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-10 text-center text-sm text-zinc-500">No courses are published yet.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {courses.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/courses/${c.slug}`}
                  className="flex h-full flex-col gap-2 rounded-lg border border-zinc-200 p-5 transition-shadow hover:shadow-md"
                >
                  {c.coverUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
                    <img src={c.coverUrl} alt="" className="aspect-video w-full rounded-md object-cover" loading="lazy" />
                  ) : (
                    <div
                      className="aspect-video w-full rounded-md"
                      style={{ background: `linear-gradient(135deg, ${site.branding.primaryColor}, ${site.branding.accentColor})` }}
                      aria-hidden
                    />
                  )}
                  <h3 className="font-semibold">{c.title}</h3>
                  {c.subtitle ? <p className="text-sm text-zinc-600">{c.subtitle}</p> : null}
                  <span className="mt-auto text-sm font-medium" style={{ color: site.branding.primaryColor }}>
                    {money(c.price, c.currency) ?? "View course"}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {site.branding.about ? (
        <section className="border-t border-zinc-100" aria-labelledby="about-h">
          <div className="mx-auto flex max-w-3xl flex-col gap-3 px-4 py-10">
            <h2 id="about-h" className="text-xl font-semibold">
              About {site.name}
            </h2>
            {site.branding.about.split(/\n{2,}/).map((p, i) => (
              <p key={i} className="whitespace-pre-line text-zinc-700">
                {p}
              </p>
            ))}
          </div>
        </section>
      ) : null}
    </main>
  );
}
