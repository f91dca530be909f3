import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RichHtml } from "@/components/rich-text/rich-html";
import { LessonVideoBlock } from "@/components/video/lesson-video-block";
import { VideoPlayer } from "@/components/video/video-player";
import { loadLessonForStudent } from "@/db/queries/learning";
import { siteScopeFor } from "@/db/scope";
import { requireSite } from "@/lib/site/portal";

type Params = { params: Promise<{ site: string; course: string; lesson: string }> };

export const metadata: Metadata = { robots: { index: false } };

/**
 * A free-preview lesson as the sales page shows it in place (an iframe that loads only when its row is
 * opened): the lesson alone, without the site's header, for any visitor — nothing here depends on who is
 * looking, and a lesson that is not a published free preview of a published course is not found.
 */
export default async function LessonPreview({ params }: Params) {
  const p = await params;
  if (!z.string().uuid().safeParse(p.lesson).success) notFound();
  const site = await requireSite(p.site);
  const data = await loadLessonForStudent(siteScopeFor(site), { courseSlug: p.course, lessonId: p.lesson, userId: null });
  if (!data || !data.lesson.isFreePreview || !data.lesson.access.open || !data.body) notFound();
  const { lesson, body, course } = data;
  const player = `/learn/${course.course.slug}/${lesson.id}`;
  return (
    <main className="flex flex-col gap-4 p-4" style={{ "--brand": site.branding.primaryColor } as React.CSSProperties}>
      <h1 className="text-lg font-semibold">{lesson.title}</h1>
      <LessonVideoBlock scope={siteScopeFor(site)} mediaAssetId={body.mediaAssetId} render={(source) => <VideoPlayer source={source} title={lesson.title} />} />
      {body.html ? (
        <RichHtml html={body.html} className="lesson-content max-w-none" />
      ) : body.mediaAssetId ? null : (
        <p className="text-sm text-zinc-600">This lesson has no text.</p>
      )}
      {body.files.length ? (
        <p className="text-sm text-zinc-600">
          This lesson comes with {body.files.length} download{body.files.length === 1 ? "" : "s"}, in the{" "}
          <a href={player} target="_top" className="font-medium underline">
            course player
          </a>
          .
        </p>
      ) : null}
      <a href={player} target="_top" className="self-start text-sm font-medium underline">
        Open in the course player
      </a>
    </main>
  );
}
