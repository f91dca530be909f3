import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import prettyBytes from "pretty-bytes";
import { RichHtml } from "@/components/rich-text/rich-html";
import { LessonVideoBlock } from "@/components/video/lesson-video-block";
import { VideoPlayer } from "@/components/video/video-player";
import { getCourseOutline } from "@/db/queries/courses";
import { getLesson } from "@/db/queries/lessons";
import { requireOrg } from "@/lib/auth/session";
import type { Quiz } from "@/lib/courses/quiz";

export const metadata: Metadata = { title: "Preview as student" };

/**
 * "Preview as student": the lesson exactly as a student sees it — the sanitized HTML stored by the
 * autosave, the quiz without its answers — with the course outline, drafts included and marked.
 */
export default async function PreviewLessonPage({ params }: { params: Promise<{ org: string; courseId: string; lessonId: string }> }) {
  const { org, courseId, lessonId } = await params;
  const { scope, creator } = await requireOrg(org);
  if (!z.string().uuid().safeParse(courseId).success || !z.string().uuid().safeParse(lessonId).success) notFound();
  const [outline, lesson] = await Promise.all([getCourseOutline(scope, courseId), getLesson(scope, lessonId)]);
  if (!outline || !lesson || lesson.courseId !== courseId) notFound();
  const quiz = lesson.type === "quiz" ? (lesson.content as Quiz | null) : null;
  return (
    <div className="flex flex-col gap-4" data-testid="student-preview">
      <p role="note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
        Preview as a student of {creator.name}. {lesson.status === "draft" ? "This lesson is a draft: students cannot see it yet." : null}{" "}
        <Link href={`/${creator.slug}/courses/${courseId}?lesson=${lessonId}`} className="underline">
          Back to the builder
        </Link>
      </p>
      <div className="grid gap-6 lg:grid-cols-[260px_minmax(0,1fr)]">
        <nav aria-label="Course contents" className="flex flex-col gap-3 text-sm">
          <p className="font-semibold">{outline.course.title}</p>
          {outline.modules.map((m) => (
            <div key={m.id}>
              <p className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{m.title}</p>
              <ul className="flex flex-col gap-0.5">
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    <Link
                      href={`/${creator.slug}/courses/${courseId}/preview/${l.id}`}
                      aria-current={l.id === lessonId ? "page" : undefined}
                      className={`block rounded px-2 py-1 ${l.id === lessonId ? "bg-zinc-900 text-white" : "hover:bg-zinc-100"}`}
                    >
                      {l.title}
                      {l.status === "draft" ? <span className="ml-1 text-[10px] uppercase opacity-60">draft</span> : null}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <article className="min-w-0 rounded-lg border border-zinc-200 bg-white p-6">
          <h1 className="mb-4 text-2xl font-semibold">{lesson.title}</h1>
          {lesson.type === "text" ? lesson.contentHtml ? <RichHtml html={lesson.contentHtml} /> : <p className="text-zinc-500">Nothing written yet.</p> : null}
          {quiz ? (
            <form className="flex flex-col gap-4" data-testid="quiz-preview">
              <p className="text-sm text-zinc-500">
                Pass mark {quiz.passMark}% · {quiz.maxAttempts ? `${quiz.maxAttempts} attempt${quiz.maxAttempts === 1 ? "" : "s"}` : "unlimited attempts"}
              </p>
              {quiz.questions.map((q, i) => (
                <fieldset key={q.id} className="rounded-md border border-zinc-200 p-3">
                  <legend className="px-1 font-medium">
                    {i + 1}. {q.prompt || "(no prompt yet)"}
                  </legend>
                  {q.type === "single" || q.type === "multiple" ? (
                    q.options.map((o) => (
                      <label key={o.id} className="flex items-center gap-2 py-0.5 text-sm">
                        <input type={q.type === "single" ? "radio" : "checkbox"} name={q.id} /> {o.text}
                      </label>
                    ))
                  ) : q.type === "true_false" ? (
                    ["True", "False"].map((v) => (
                      <label key={v} className="flex items-center gap-2 py-0.5 text-sm">
                        <input type="radio" name={q.id} /> {v}
                      </label>
                    ))
                  ) : (
                    <input aria-label="Your answer" className="h-9 w-full rounded border border-zinc-300 px-2 text-sm" />
                  )}
                </fieldset>
              ))}
            </form>
          ) : null}
          {(lesson.type === "video" || lesson.type === "avatar_video") && lesson.mediaAssetId ? (
            <LessonVideoBlock scope={scope} mediaAssetId={lesson.mediaAssetId} render={(source) => <VideoPlayer source={source} title={lesson.title} />} />
          ) : lesson.type === "video" || lesson.type === "avatar_video" ? (
            <div className="flex aspect-video items-center justify-center rounded-lg bg-zinc-100 text-sm text-zinc-500">This lesson has no video yet.</div>
          ) : null}
          {(lesson.type === "video" || lesson.type === "avatar_video") && lesson.contentHtml ? (
            <div className="mt-4">
              <RichHtml html={lesson.contentHtml} />
            </div>
          ) : null}
          {lesson.type === "download" ? (
            <ul className="flex flex-col gap-2">
              {lesson.files.map((f) => (
                <li key={f.id}>
                  <a href={`/api/media/${f.mediaAssetId}`} className="underline">
                    {f.filename}
                  </a>{" "}
                  <span className="text-xs text-zinc-500">{prettyBytes(f.sizeBytes)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      </div>
    </div>
  );
}
