import { renderProgress } from "@/lib/avatar/progress";
import { mayGenerate } from "@/lib/ai/access";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CourseBuilder, type BuilderLesson } from "@/components/builder/course-builder";
import { getCourseOutline } from "@/db/queries/courses";
import { getLesson } from "@/db/queries/lessons";
import { findMediaAsset, pendingReplacement } from "@/db/queries/media";
import { findMuxConnection } from "@/db/queries/mux";
import type { TenantScope } from "@/db/scope";
import type { BuilderVideo } from "@/components/builder/video-lesson";
import { planOf } from "@/lib/platform-billing/plans";
import { videoSource } from "@/lib/video/playback";
import { requireOrg } from "@/lib/auth/session";
import { tenantUrl } from "@/lib/env";

export const metadata: Metadata = { title: "Course builder" };

/** A replacement uploaded for the lesson's ready video, still processing (or failed). */
async function builderReplacement(scope: TenantScope, lessonId: string): Promise<BuilderVideo | null> {
  const r = await pendingReplacement(scope, lessonId);
  return r ? builderVideo(scope, r.id) : null;
}

/** The lesson's video as the builder shows it: its state, and for a ready one the team's player source. */
async function builderVideo(scope: TenantScope, id: string | null): Promise<BuilderVideo | null> {
  const v = id ? await findMediaAsset(scope, id) : null;
  if (!v || v.kind !== "video") return null;
  return {
    id: v.id,
    status: v.status,
    progress: v.progress,
    error: v.error,
    filename: v.filename,
    durationSeconds: v.durationSeconds,
    source: await videoSource(scope, v),
    provider: v.provider,
    muxSigned: v.muxSigned,
    hasOwnPoster: !!v.posterImageId,
    captions: v.captions.map((c) => ({ lang: c.lang, label: c.label })),
  };
}

export default async function CourseBuilderPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; courseId: string }>;
  searchParams: Promise<{ lesson?: string }>;
}) {
  const { org, courseId } = await params;
  const { lesson: lessonParam } = await searchParams;
  const { scope, creator, role } = await requireOrg(org);
  if (!z.string().uuid().safeParse(courseId).success) notFound();
  const outline = await getCourseOutline(scope, courseId);
  if (!outline) notFound();
  const l = lessonParam && z.string().uuid().safeParse(lessonParam).success ? await getLesson(scope, lessonParam) : null;
  const lesson: BuilderLesson | null =
    l && l.courseId === courseId
      ? {
          id: l.id,
          title: l.title,
          type: l.type,
          status: l.status,
          isFreePreview: l.isFreePreview,
          dripDays: l.dripDays,
          dripDate: l.dripDate?.toISOString() ?? null,
          prerequisiteLessonId: l.prerequisiteLessonId,
          prerequisiteRule: l.prerequisiteRule,
          durationSeconds: l.durationSeconds,
          files: l.files.map((f) => ({ id: f.id, filename: f.filename, sizeBytes: f.sizeBytes })),
          version: l.version,
          content: l.content,
          video: await builderVideo(scope, l.mediaAssetId),
          replacement: l.type === "video" || l.type === "avatar_video" ? await builderReplacement(scope, l.id) : null,
          videoMaxGb: planOf(creator.plan).limits.videoUploadGb,
          muxConnected: l.type === "video" || l.type === "avatar_video" ? !!(await findMuxConnection(scope)) : false,
          avatarAllowed: mayGenerate({ role, creator }),
          avatarRender: await (async () => {
            const r = l.type === "text" || l.type === "video" || l.type === "avatar_video" ? await renderProgress(scope, { lessonId: l.id }) : null;
            return r ? { status: r.status, percent: r.percent } : null;
          })(),
        }
      : null;
  const c = outline.course;
  return (
    <CourseBuilder
      course={{
        id: c.id,
        title: c.title,
        slug: c.slug,
        subtitle: c.subtitle,
        description: c.description,
        coverUrl: c.coverUrl,
        category: c.category,
        language: c.language,
        seoTitle: c.seoTitle,
        seoDescription: c.seoDescription,
        status: c.status,
        version: c.version,
      }}
      modules={outline.modules.map((m) => ({
        id: m.id,
        title: m.title,
        lessons: m.lessons.map((x) => ({ id: x.id, title: x.title, type: x.type, status: x.status, isFreePreview: x.isFreePreview })),
      }))}
      lesson={lesson}
      canPublish={role !== "editor"}
      siteUrl={tenantUrl(creator.slug, `/courses/${c.slug}`)}
    />
  );
}
