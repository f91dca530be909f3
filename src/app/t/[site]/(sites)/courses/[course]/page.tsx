import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { describePrice } from "@/lib/commerce/pricing";
import { getSiteCourse, getSiteCourses } from "@/lib/site/data";
import { courseJsonLd, jsonLdScript, siteOrigin } from "@/lib/site/seo";
import { getSite } from "@/lib/tenant/resolve";

export const revalidate = 3600;
export function generateStaticParams(): { site: string; course: string }[] {
  return [];
}

type Params = { params: Promise<{ site: string; course: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { site: key, course } = await params;
  const site = await getSite(key);
  const listed = site ? (await getSiteCourses(site)).some((c) => c.slug === course) : false;
  const data = site && listed ? await getSiteCourse(site, course) : null;
  if (!data) return {};
  const title = data.course.seoTitle ?? data.course.title;
  const description = data.course.seoDescription ?? data.course.subtitle ?? undefined;
  const path = `/courses/${data.course.slug}`;
  return {
    title,
    description,
    alternates: { canonical: path },
    openGraph: {
      type: "website",
      title,
      description,
      url: path,
      siteName: site!.name,
      images: [{ url: `${path}/card.png`, width: 1200, height: 630, alt: title }],
    },
    twitter: { card: "summary_large_image", title, description, images: [`${path}/card.png`] },
  };
}

export default async function CoursePage({ params }: Params) {
  const { site: key, course } = await params;
  const site = await getSite(key);
  if (!site) notFound();
  // A course address is looked up only when the school's cached catalogue lists it (no cache entry per made-up slug).
  if (!(await getSiteCourses(site)).some((c) => c.slug === course)) notFound();
  const data = await getSiteCourse(site, course);
  if (!data) notFound();
  const lessonCount = data.modules.reduce((n, m) => n + m.lessons.length, 0);
  const jsonLd = courseJsonLd({ origin: siteOrigin(site), schoolName: site.name, course: data.course, offers: data.offers });
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-8 px-4 py-10">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdScript(jsonLd) }} />
      <div className="flex flex-col gap-2">
        <Link href="/" className="text-sm text-zinc-500 hover:underline">
          ← All courses
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">{data.course.title}</h1>
        {data.course.subtitle ? <p className="text-lg text-zinc-600">{data.course.subtitle}</p> : null}
        {data.course.coverUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
          <img src={data.course.coverUrl} alt={`Cover of ${data.course.title}`} className="mt-2 aspect-video w-full rounded-lg object-cover" />
        ) : null}
        <p className="text-sm text-zinc-500">
          {data.modules.length} module{data.modules.length === 1 ? "" : "s"} · {lessonCount} lesson{lessonCount === 1 ? "" : "s"}
        </p>
        {data.offers.length ? (
          <ul className="mt-2 flex flex-col gap-2" aria-label="Ways to join">
            {data.offers.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-zinc-200 px-4 py-3">
                <div>
                  <p className="font-medium">{o.name}</p>
                  <p className="text-sm text-zinc-600">{o.prices[0] ? describePrice(o.prices[0], o.type) : "Free"}</p>
                </div>
                <Link href={`/checkout/${o.id}`} className="inline-flex rounded-md bg-brand px-5 py-2.5 font-medium text-white">
                  {o.type === "free" ? "Enroll for free" : "Buy now"}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <div>
            <Link href="/sign-up" className="mt-2 inline-flex rounded-md bg-brand px-5 py-2.5 font-medium text-white">
              Get started
            </Link>
          </div>
        )}
      </div>
      <section aria-labelledby="curriculum-h" className="flex flex-col gap-3">
        <h2 id="curriculum-h" className="text-xl font-semibold">
          Curriculum
        </h2>
        {data.modules.map((m) => (
          <div key={m.id} className="rounded-lg border border-zinc-200">
            <h3 className="border-b border-zinc-200 bg-zinc-50 px-4 py-2 font-medium">{m.title}</h3>
            <ul className="divide-y divide-zinc-100">
              {m.lessons.map((l) => (
                <li key={l.id} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
                  {l.isFreePreview ? (
                    <Link href={`/learn/${data.course.slug}/${l.id}`} className="font-medium underline">
                      {l.title}
                    </Link>
                  ) : (
                    <span>{l.title}</span>
                  )}
                  {l.isFreePreview ? <span className="shrink-0 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">Free preview</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </main>
  );
}
