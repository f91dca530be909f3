import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Check, PlayCircle } from "lucide-react";
import { RichHtml } from "@/components/rich-text/rich-html";
import { describePrice } from "@/lib/commerce/pricing";
import { salesPageOf } from "@/lib/courses/sales-page";
import { getSiteCourse, getSiteCourses } from "@/lib/site/data";
import { courseJsonLd, jsonLdScript, siteOrigin } from "@/lib/site/seo";
import { EnrolledCta } from "@/components/site/enrolled-cta";
import { PreviewFrame } from "@/components/site/preview-frame";
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
  const page = salesPageOf(data.course.salesPage);
  const lessonCount = data.modules.reduce((n, m) => n + m.lessons.length, 0);
  const totalSeconds = data.modules.reduce((n, m) => n + m.lessons.reduce((k, l) => k + (l.durationSeconds ?? 0), 0), 0);
  const jsonLd = courseJsonLd({ origin: siteOrigin(site), schoolName: site.name, course: data.course, offers: data.offers });
  const first = data.offers[0];
  const buyHref = first ? `/checkout/${first.id}` : "/sign-up";
  const buyLabel = !first ? "Get started" : first.type === "free" ? "Enroll for free" : "Buy now";
  const firstPrice = first?.prices[0] ? describePrice(first.prices[0], first.type) : first ? "Free" : null;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-10 px-4 pt-10 pb-28 md:pb-12">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdScript(jsonLd) }} />
      <div className="flex flex-col gap-2">
        <Link href="/" className="text-sm text-zinc-500 hover:underline">
          ← All courses
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">{data.course.title}</h1>
        {data.course.subtitle ? <p className="text-lg text-zinc-600">{data.course.subtitle}</p> : null}
        {data.course.coverUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
          <img
            src={data.course.coverUrl}
            alt={`Cover of ${data.course.title}`}
            width={1280}
            height={720}
            fetchPriority="high"
            className="mt-2 aspect-video w-full rounded-lg object-cover"
          />
        ) : null}
        <p className="text-sm text-zinc-500">
          {data.modules.length} module{data.modules.length === 1 ? "" : "s"} · {lessonCount} lesson{lessonCount === 1 ? "" : "s"}
          {totalSeconds > 0 ? ` · ${formatDuration(totalSeconds)} in all` : null}
          {page.instructor.name ? ` · with ${page.instructor.name}` : null}
        </p>
        <EnrolledCta courseSlug={data.course.slug} />
        {data.offers.length ? (
          <ul id="join" className="mt-2 flex scroll-mt-4 flex-col gap-2" aria-label="Ways to join">
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

      {page.about ? (
        <section aria-labelledby="about-h" className="flex flex-col gap-3">
          <h2 id="about-h" className="text-xl font-semibold">
            About this course
          </h2>
          <RichHtml html={page.about.html} />
        </section>
      ) : data.course.description ? (
        <section aria-labelledby="about-h" className="flex flex-col gap-3">
          <h2 id="about-h" className="text-xl font-semibold">
            About this course
          </h2>
          {data.course.description.split(/\n{2,}/).map((p, i) => (
            <p key={i} className="whitespace-pre-line text-zinc-700">
              {p}
            </p>
          ))}
        </section>
      ) : null}

      {page.outcomes.length ? (
        <section aria-labelledby="outcomes-h" className="flex flex-col gap-3">
          <h2 id="outcomes-h" className="text-xl font-semibold">
            What you&apos;ll learn
          </h2>
          <ul className="grid gap-2 sm:grid-cols-2">
            {page.outcomes.map((o, i) => (
              <li key={i} className="flex gap-2 text-zinc-700">
                <Check className="mt-0.5 h-5 w-5 shrink-0 text-brand" aria-hidden />
                <span>{o}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="curriculum-h" className="flex flex-col gap-3">
        <h2 id="curriculum-h" className="text-xl font-semibold">
          Curriculum
        </h2>
        {data.modules.map((m) => {
          const seconds = m.lessons.reduce((k, l) => k + (l.durationSeconds ?? 0), 0);
          return (
            <div key={m.id} className="rounded-lg border border-zinc-200">
              <h3 className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 bg-zinc-50 px-4 py-2 font-medium">
                {m.title}
                <span className="text-xs font-normal text-zinc-500">
                  {m.lessons.length} lesson{m.lessons.length === 1 ? "" : "s"}
                  {seconds > 0 ? ` · ${formatDuration(seconds)}` : null}
                </span>
              </h3>
              <ul className="divide-y divide-zinc-100">
                {m.lessons.map((l) =>
                  l.isFreePreview ? (
                    // Played in place: the row opens (no script), and only then does its frame load the lesson.
                    <li key={l.id} className="text-sm">
                      <details className="group" data-testid="free-preview">
                        <summary className="flex cursor-pointer list-none items-center justify-between gap-3 px-4 py-2 [&::-webkit-details-marker]:hidden">
                          <span className="flex items-center gap-2 font-medium underline">
                            {l.type === "video" || l.type === "avatar_video" ? (
                              <PlayCircle aria-label="Video" className="size-4 shrink-0 text-zinc-500" />
                            ) : null}
                            {l.title}
                          </span>
                          <span className="flex shrink-0 items-center gap-2 text-xs text-zinc-500">
                            <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-emerald-800">
                              <span className="group-open:hidden">Preview</span>
                              <span className="hidden group-open:inline">Close preview</span>
                            </span>
                            {l.durationSeconds ? formatDuration(l.durationSeconds) : null}
                          </span>
                        </summary>
                        <PreviewFrame src={`/preview/${data.course.slug}/${l.id}`} title={`Free preview: ${l.title}`} />
                      </details>
                    </li>
                  ) : (
                    <li key={l.id} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
                      <span className="flex items-center gap-2">
                        {l.type === "video" || l.type === "avatar_video" ? <PlayCircle aria-label="Video" className="size-4 shrink-0 text-zinc-400" /> : null}
                        {l.title}
                      </span>
                      <span className="shrink-0 text-xs text-zinc-500">{l.durationSeconds ? formatDuration(l.durationSeconds) : null}</span>
                    </li>
                  ),
                )}
              </ul>
            </div>
          );
        })}
      </section>

      {page.instructor.name || page.instructor.bio ? (
        <section aria-labelledby="instructor-h" className="flex flex-col gap-3">
          <h2 id="instructor-h" className="text-xl font-semibold">
            Your instructor
          </h2>
          <div className="flex gap-4">
            {page.instructor.photoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
              <img
                src={page.instructor.photoUrl}
                alt={page.instructor.name}
                width={80}
                height={80}
                loading="lazy"
                className="h-20 w-20 shrink-0 rounded-full object-cover"
              />
            ) : null}
            <div className="flex flex-col gap-1">
              {page.instructor.name ? <p className="font-semibold">{page.instructor.name}</p> : null}
              {page.instructor.bio ? <p className="whitespace-pre-line text-zinc-700">{page.instructor.bio}</p> : null}
            </div>
          </div>
        </section>
      ) : null}

      {page.testimonials.length ? (
        <section aria-labelledby="testimonials-h" className="flex flex-col gap-3">
          <h2 id="testimonials-h" className="text-xl font-semibold">
            What students say
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {page.testimonials.map((t, i) => (
              <li key={i}>
                <figure className="flex h-full flex-col gap-3 rounded-lg border border-zinc-200 p-4">
                  <blockquote className="text-zinc-700">“{t.quote}”</blockquote>
                  <figcaption className="mt-auto flex items-center gap-3 text-sm">
                    {t.photoUrl ? (
                      // eslint-disable-next-line @next/next/no-img-element -- the creator's upload or https URL
                      <img src={t.photoUrl} alt="" width={40} height={40} loading="lazy" className="h-10 w-10 rounded-full object-cover" />
                    ) : null}
                    <span>
                      <span className="font-medium">{t.name}</span>
                      {t.role ? <span className="block text-zinc-500">{t.role}</span> : null}
                    </span>
                  </figcaption>
                </figure>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {page.faq.length ? (
        <section aria-labelledby="faq-h" className="flex flex-col gap-3">
          <h2 id="faq-h" className="text-xl font-semibold">
            Frequently asked questions
          </h2>
          <div className="divide-y divide-zinc-200 rounded-lg border border-zinc-200">
            {page.faq.map((f, i) => (
              <details key={i} className="group px-4 py-3">
                <summary className="cursor-pointer font-medium marker:text-zinc-400">{f.question}</summary>
                <p className="mt-2 whitespace-pre-line text-zinc-700">{f.answer}</p>
              </details>
            ))}
          </div>
        </section>
      ) : null}

      {/* After reading to the end on a wide screen, the way to join is right there again. */}
      <section className="hidden flex-col items-start gap-3 rounded-lg border border-zinc-200 bg-zinc-50 p-6 md:flex" aria-labelledby="join-again-h">
        <h2 id="join-again-h" className="text-xl font-semibold">
          Ready to start {data.course.title}?
        </h2>
        {firstPrice ? <p className="text-zinc-600">{data.offers.length > 1 ? `${data.offers.length} ways to join` : firstPrice}</p> : null}
        <Link href={data.offers.length > 1 ? "#join" : buyHref} className="inline-flex rounded-md bg-brand px-5 py-2.5 font-medium text-white">
          {data.offers.length > 1 ? "See the options" : buyLabel}
        </Link>
      </section>

      {/* On phones the way to join stays in reach (a link: it works without JavaScript). */}
      <div className="fixed inset-x-0 bottom-0 z-10 border-t border-zinc-200 bg-white px-4 py-3 md:hidden" data-testid="sticky-buy" data-sticky-buy>
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-3">
          <span className="min-w-0 text-sm">
            <span className="block truncate font-medium">{data.course.title}</span>
            {firstPrice ? <span className="text-zinc-600">{data.offers.length > 1 ? `${data.offers.length} ways to join` : firstPrice}</span> : null}
          </span>
          <Link href={data.offers.length > 1 ? "#join" : buyHref} className="inline-flex shrink-0 rounded-md bg-brand px-5 py-2.5 font-medium text-white">
            {data.offers.length > 1 ? "See options" : buyLabel}
          </Link>
        </div>
      </div>
    </main>
  );
}

function formatDuration(seconds: number): string {
  const m = Math.round(seconds / 60);
  if (m < 60) return `${Math.max(1, m)} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
