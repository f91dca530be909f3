import { ChevronLeft, ChevronRight, FileDown, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CompleteButton } from "@/components/learning/complete-button";
import { Curriculum } from "@/components/learning/curriculum";
import { ProgressBar } from "@/components/learning/progress-bar";
import { QuizForm } from "@/components/learning/quiz-form";
import { RememberLesson } from "@/components/learning/remember-lesson";
import { RichHtml } from "@/components/rich-text/rich-html";
import { LessonVideo } from "@/components/learning/lesson-video";
import { LessonVideoBlock } from "@/components/video/lesson-video-block";
import { loadLessonForStudent } from "@/db/queries/learning";
import { lastVideoPosition } from "@/db/queries/video";
import { siteScopeFor } from "@/db/scope";
import { getSessionUser } from "@/lib/auth/session";
import { formatOpenDate } from "@/lib/learning/format";
import { lockMessage } from "@/lib/learning/access";
import { requireSite } from "@/lib/site/portal";

type Params = { params: Promise<{ site: string; course: string; lesson: string }> };

/** Once per request (metadata and page share it). */
const load = cache(async (key: string, course: string, lesson: string) => {
  const site = await requireSite(key);
  if (!z.string().uuid().safeParse(lesson).success) notFound();
  const user = await getSessionUser();
  const data = await loadLessonForStudent(siteScopeFor(site), { courseSlug: course, lessonId: lesson, userId: user?.id ?? null });
  if (!data) notFound();
  return { site, user, data, scope: siteScopeFor(site) };
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = await params;
  const { data } = await load(p.site, p.course, p.lesson);
  return { title: `${data.lesson.title} · ${data.course.course.title}` };
}

const sizeOf = (bytes: number) => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * The course player: the curriculum beside the lesson (folded away on a phone), the lesson — its text,
 * files and quiz — or, when it is locked, only the sentence that says when or why it opens; previous /
 * next; "Complete and continue". A visitor reaching a lesson that needs an enrolment sees the ways to join,
 * and a way to sign in for those who already have it.
 */
export default async function LessonPage({ params }: Params) {
  const p = await params;
  const { user, data, scope } = await load(p.site, p.course, p.lesson);
  const { course: c, lesson, previous, next, body } = data;
  const slug = c.course.slug;
  const here = `/learn/${slug}/${lesson.id}`;
  const href = (l: { id: string } | null) => (l ? `/learn/${slug}/${l.id}` : null);
  const enrolled = !!c.enrollment;
  const curriculum = <Curriculum course={c} currentLessonId={lesson.id} />;
  return (
    <div className="mx-auto grid max-w-5xl gap-6 px-4 py-6 lg:grid-cols-[17rem_1fr] lg:gap-10 lg:py-10">
      <a href="#lesson" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:z-10">
        Skip to the lesson
      </a>
      <aside className="flex flex-col gap-3 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto">
        <div className="flex flex-col gap-2">
          <Link href={enrolled ? "/library" : `/courses/${slug}`} className="text-sm text-zinc-600 hover:underline">
            ← {enrolled ? "My library" : "About this course"}
          </Link>
          <p className="font-semibold">{c.course.title}</p>
          {enrolled ? <ProgressBar done={c.progress.done} total={c.progress.total} label="Course progress" /> : null}
          {c.enrollment?.completedAt ? (
            <Link href={`/learn/${slug}/complete`} className="text-sm font-medium text-emerald-700 underline">
              Course complete — your certificate
            </Link>
          ) : null}
        </div>
        <details className="rounded-lg border border-zinc-200 lg:hidden" data-testid="curriculum-toggle">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Course content</summary>
          <div className="border-t border-zinc-200 p-2">{curriculum}</div>
        </details>
        <div className="hidden lg:block" data-testid="curriculum">
          {curriculum}
        </div>
      </aside>
      <main id="lesson" tabIndex={-1} className="flex min-w-0 flex-col gap-6 outline-none">
        {enrolled && lesson.access.open ? <RememberLesson courseSlug={slug} lessonId={lesson.id} /> : null}
        <h1 className="text-2xl font-semibold tracking-tight">{lesson.title}</h1>
        {!lesson.access.open ? (
          <div role="status" className="flex items-start gap-3 rounded-lg border border-zinc-200 bg-zinc-50 p-5" data-testid="lesson-locked">
            <Lock aria-hidden className="mt-0.5 size-5 shrink-0 text-zinc-500" />
            <div className="flex flex-col gap-2">
              <p>{lockMessage(lesson.access.lock, formatOpenDate)}</p>
              {lesson.access.lock.kind === "enroll" ? (
                <div className="flex flex-wrap items-center gap-3">
                  <Link href={`/courses/${slug}`} className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white">
                    See ways to join
                  </Link>
                  {/* A visitor may have bought it already: the way in, and back here. */}
                  {!user ? (
                    <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className="text-sm font-medium underline">
                      Already enrolled? Sign in
                    </Link>
                  ) : null}
                </div>
              ) : lesson.access.lock.kind === "prerequisite" ? (
                <Link href={`/learn/${slug}/${lesson.access.lock.lessonId}`} className="self-start text-sm font-medium underline">
                  Go to “{lesson.access.lock.lessonTitle}”
                </Link>
              ) : null}
            </div>
          </div>
        ) : body ? (
          <>
            {!enrolled ? (
              <p className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
                <span>Free preview</span>
                <Link href={`/courses/${slug}`} className="font-medium underline">
                  Join to open every lesson
                </Link>
              </p>
            ) : null}
            <LessonVideoBlock
              scope={scope}
              mediaAssetId={body.mediaAssetId}
              render={async (source) => (
                <LessonVideo
                  source={source}
                  title={lesson.title}
                  courseSlug={slug}
                  lessonId={lesson.id}
                  startAt={enrolled && user ? await lastVideoPosition(scope, { userId: user.id, lessonId: lesson.id }) : 0}
                  track={enrolled}
                  completed={lesson.completed}
                />
              )}
            />
            {body.html ? <RichHtml html={body.html} className="lesson-content max-w-none" /> : null}
            {body.files.length ? (
              <section aria-labelledby="files-h" className="flex flex-col gap-2">
                <h2 id="files-h" className="font-semibold">
                  Downloads
                </h2>
                <ul className="flex flex-col divide-y divide-zinc-100 rounded-lg border border-zinc-200">
                  {body.files.map((f) => (
                    <li key={f.id}>
                      <a href={`/api/media/${f.id}`} download className="flex items-center gap-3 px-4 py-3 text-sm hover:bg-zinc-50">
                        <FileDown aria-hidden className="size-4 text-zinc-500" />
                        <span className="flex-1 font-medium">{f.filename}</span>
                        <span className="text-zinc-500">{sizeOf(f.sizeBytes)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {body.quiz ? (
              enrolled ? (
                <QuizForm
                  courseSlug={slug}
                  lessonId={lesson.id}
                  quiz={body.quiz}
                  attemptsUsed={body.attempts.length}
                  passed={lesson.passed}
                  nextHref={href(next)}
                />
              ) : (
                <p className="text-sm text-zinc-600">Enroll in this course to take its quiz.</p>
              )
            ) : null}
          </>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-4">
          {previous ? (
            <Link href={href(previous)!} className="inline-flex items-center gap-1 text-sm font-medium hover:underline" rel="prev">
              <ChevronLeft aria-hidden className="size-4" /> Previous
            </Link>
          ) : (
            <span />
          )}
          {enrolled && lesson.access.open && lesson.type !== "quiz" ? (
            <CompleteButton courseSlug={slug} lessonId={lesson.id} completed={lesson.completed} nextHref={href(next)} />
          ) : null}
          {next ? (
            <Link href={href(next)!} className="inline-flex items-center gap-1 text-sm font-medium hover:underline" rel="next">
              Next <ChevronRight aria-hidden className="size-4" />
            </Link>
          ) : (
            <span />
          )}
        </div>
      </main>
    </div>
  );
}
