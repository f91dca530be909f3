"use client";
import { CreateAvatarVideoLink } from "@/components/avatar/create-avatar-video-link";
import { useOrg } from "@/components/dashboard/org-context";
import { ArrowLeft, Eye, Megaphone, Video } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { saveLessonAction } from "@/actions/courses/save-lesson";
import { updateLessonSettingsAction } from "@/actions/courses/update-lesson-settings";
import { toast } from "sonner";
import { emptyQuiz, type Quiz } from "@/lib/courses/quiz";
import { CourseSettings, type CourseForSettings } from "./course-settings";
import { LessonSettings, type LessonForSettings } from "./lesson-settings";
import { Outline, type OutlineModule } from "./outline";
import { VideoLesson, type BuilderVideo } from "./video-lesson";
import { AutosaveNotice, SaveIndicator, useAutosave } from "./use-autosave";

// The editors (TipTap, ProseMirror) load in their own chunks, after the outline and settings.
const editorLoading = () => <div className="h-80 animate-pulse rounded-lg border border-zinc-200 bg-white" aria-label="Loading the editor" />;
const TextEditor = dynamic(() => import("./text-editor").then((m) => m.TextEditor), { ssr: false, loading: editorLoading });
const QuizEditor = dynamic(() => import("./quiz-editor").then((m) => m.QuizEditor), { ssr: false, loading: editorLoading });

export type BuilderLesson = LessonForSettings & {
  version: number;
  content: Record<string, unknown> | null;
  /** Video lessons: the video in it (null: none yet) and the largest upload the plan takes. */
  video: BuilderVideo | null;
  /** A replacement for a ready video, still processing: students keep the current one until it is ready. */
  replacement: BuilderVideo | null;
  videoMaxGb: number;
  muxConnected: boolean;
  /** The member may make avatar videos (they spend credits: owners and admins, editors when allowed). */
  avatarAllowed: boolean;
  /** The lesson's latest avatar video render (the link says when one is running). */
  avatarRender: { status: string; percent: number } | null;
};
type Panel = "outline" | "editor" | "settings";

/**
 * The course builder: outline (left), editor (middle), settings (right). On narrow screens one
 * panel shows at a time, switched by the tabs at the top.
 */
export function CourseBuilder(props: {
  course: CourseForSettings;
  modules: OutlineModule[];
  lesson: BuilderLesson | null;
  canPublish: boolean;
  siteUrl: string;
}) {
  const org = useOrg();
  const { course, modules, lesson, canPublish } = props;
  const router = useRouter();
  const [panel, setPanel] = useState<Panel>(lesson ? "editor" : "outline");
  const select = useCallback(
    (lessonId: string | null) => {
      router.push(lessonId ? `?lesson=${lessonId}` : "?", { scroll: false });
      setPanel(lessonId ? "editor" : "settings");
    },
    [router],
  );
  const refresh = useCallback(() => router.refresh(), [router]);
  const allLessons = modules.flatMap((m) => m.lessons);
  const tab = (p: Panel, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={panel === p}
      onClick={() => setPanel(p)}
      className={`flex-1 rounded-md px-3 py-1.5 text-sm font-medium ${panel === p ? "bg-zinc-900 text-white" : "text-zinc-600"}`}
    >
      {label}
    </button>
  );
  const show = (p: Panel) => (panel === p ? "flex" : "hidden lg:flex");

  return (
    <div className="flex min-h-[calc(100vh-8rem)] flex-col gap-3" data-testid="course-builder">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <Link href={`/${org}/courses`} aria-label="All courses" className="rounded p-1 hover:bg-zinc-100">
            <ArrowLeft className="h-4 w-4" aria-hidden />
          </Link>
          <h1 className="truncate text-xl font-semibold">{course.title}</h1>
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 uppercase">{course.status}</span>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={`/${org}/courses/${course.id}/sales-page`}
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50"
          >
            <Megaphone className="h-4 w-4" aria-hidden /> Sales page
          </Link>
          {lesson ? (
            <Link
              href={`/${org}/courses/${course.id}/preview/${lesson.id}`}
              target="_blank"
              className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50"
            >
              <Eye className="h-4 w-4" aria-hidden /> Preview as student
            </Link>
          ) : null}
        </div>
      </div>
      <div role="tablist" aria-label="Builder panels" className="flex gap-1 rounded-lg bg-zinc-100 p-1 lg:hidden">
        {tab("outline", "Outline")}
        {tab("editor", "Editor")}
        {tab("settings", "Settings")}
      </div>
      <div className="grid flex-1 gap-4 lg:grid-cols-[280px_minmax(0,1fr)_300px]">
        <aside className={`${show("outline")} flex-col gap-2 lg:sticky lg:top-4 lg:max-h-[calc(100vh-6rem)] lg:overflow-y-auto`} aria-label="Outline panel">
          <Outline courseId={course.id} modules={modules} selectedLessonId={lesson?.id ?? null} canDelete={canPublish} onSelect={select} onChanged={refresh} />
        </aside>
        <section className={`${show("editor")} min-w-0 flex-col gap-3`} aria-label="Editor panel">
          {lesson ? (
            <LessonEditor key={lesson.id} lesson={lesson} courseId={course.id} />
          ) : (
            <div className="flex flex-col gap-2 rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center text-sm text-zinc-500">
              <p className="font-medium text-zinc-700">{allLessons.length ? "Pick a lesson in the outline to edit it." : "This course has no lessons yet."}</p>
              <p>{allLessons.length ? "Course settings are on the right." : "Add a module in the outline, then add lessons to it."}</p>
            </div>
          )}
        </section>
        <aside className={`${show("settings")} flex-col gap-2 lg:sticky lg:top-4 lg:max-h-[calc(100vh-6rem)] lg:overflow-y-auto`} aria-label="Settings panel">
          <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">{lesson ? "Lesson settings" : "Course settings"}</h2>
          {lesson ? (
            <LessonSettings key={lesson.id} lesson={lesson} otherLessons={allLessons.filter((l) => l.id !== lesson.id)} canPublish={canPublish} />
          ) : (
            <CourseSettings key={course.id} course={course} canPublish={canPublish} siteUrl={props.siteUrl} />
          )}
        </aside>
      </div>
    </div>
  );
}

type Body = { kind: "doc"; doc: Record<string, unknown> } | { kind: "quiz"; quiz: Quiz };

function LessonEditor({ lesson, courseId }: { lesson: BuilderLesson; courseId: string }) {
  const org = useOrg();
  const save = useCallback((body: Body, version: number) => saveLessonAction({ org, lessonId: lesson.id, version, body: body as never }), [org, lesson.id]);
  const autosave = useAutosave<Body>({ version: lesson.version, save });
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 className="truncate text-lg font-semibold" data-testid="editor-title">
          {lesson.title}
        </h2>
        {lesson.type !== "download" ? <SaveIndicator status={autosave.status} /> : null}
      </div>
      <AutosaveNotice autosave={autosave} />
      {lesson.type === "text" ? (
        <>
          <TextEditor initial={lesson.content} onChange={(doc) => autosave.change({ kind: "doc", doc })} />
          <div className="flex flex-wrap gap-2">
            <MakeVideoLesson lessonId={lesson.id} />
            {lesson.avatarAllowed ? <CreateAvatarVideoLink courseId={courseId} lessonId={lesson.id} hasVideo={false} render={lesson.avatarRender} /> : null}
          </div>
        </>
      ) : lesson.type === "quiz" ? (
        <QuizEditor initial={(lesson.content as Quiz | null) ?? emptyQuiz()} onChange={(quiz) => autosave.change({ kind: "quiz", quiz })} />
      ) : lesson.type === "video" || lesson.type === "avatar_video" ? (
        <>
          <VideoLesson lesson={lesson} video={lesson.video} replacement={lesson.replacement} maxGb={lesson.videoMaxGb} muxConnected={lesson.muxConnected} />
          {lesson.avatarAllowed ? (
            <CreateAvatarVideoLink
              courseId={courseId}
              lessonId={lesson.id}
              hasVideo={lesson.type === "avatar_video" && !!lesson.video}
              render={lesson.avatarRender}
            />
          ) : null}
          <h3 className="mt-2 text-sm font-semibold text-zinc-700">Notes under the video</h3>
          <TextEditor initial={lesson.content} onChange={(doc) => autosave.change({ kind: "doc", doc })} />
        </>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-600">
          Students download the files listed in the settings panel. Upload them there.
        </div>
      )}
    </div>
  );
}

/** A text lesson gains a video: it becomes a video lesson, its text staying as the notes under the video. */
function MakeVideoLesson({ lessonId }: { lessonId: string }) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className="inline-flex items-center gap-1.5 self-start rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50 disabled:opacity-60"
      onClick={async () => {
        setBusy(true);
        const r = await updateLessonSettingsAction({ org, lessonId, settings: { type: "video" } });
        setBusy(false);
        if (r.ok) router.refresh();
        else toast.error(r.message);
      }}
    >
      <Video aria-hidden className="size-4" /> Add a video to this lesson
    </button>
  );
}
