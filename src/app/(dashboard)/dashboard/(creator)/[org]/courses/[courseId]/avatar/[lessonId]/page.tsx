import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AvatarStudio } from "@/components/avatar/avatar-studio";
import { getBalances } from "@/db/queries/credits";
import { getLesson } from "@/db/queries/lessons";
import { mayGenerate } from "@/lib/ai/access";
import { requireOrg } from "@/lib/auth/session";
import { avatarRenderer } from "@/lib/avatar/renderer";
import { renderProgress } from "@/lib/avatar/progress";
import { lessonPlainText } from "@/lib/avatar/narration";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Create avatar video" };

/**
 * "Create avatar video" for a lesson: presenter and voice, the narration script (drafted from the lesson
 * by AI, edited in scenes), the credit estimate, then the render — followed here until it is in the lesson.
 */
export default async function AvatarVideoPage({ params }: { params: Promise<{ org: string; courseId: string; lessonId: string }> }) {
  const { org, courseId, lessonId } = await params;
  const member = await requireOrg(org);
  if (!z.string().uuid().safeParse(courseId).success || !z.string().uuid().safeParse(lessonId).success) notFound();
  const lesson = await getLesson(member.scope, lessonId);
  if (!lesson || lesson.courseId !== courseId) notFound();
  const back = `/${org}/courses/${courseId}?lesson=${lessonId}`;
  const renderer = avatarRenderer();
  let lists: {
    avatars: Awaited<ReturnType<NonNullable<typeof renderer>["listAvatars"]>>;
    voices: Awaited<ReturnType<NonNullable<typeof renderer>["listVoices"]>>;
  } | null = null;
  let listError: string | null = null;
  if (renderer)
    try {
      const [avatars, voices] = await Promise.all([renderer.listAvatars(), renderer.listVoices()]);
      lists = { avatars, voices };
    } catch (err) {
      listError = (err as Error).message;
    }
  const [latest, balances] = await Promise.all([renderProgress(member.scope, { lessonId }), getBalances(member.scope)]);
  const eligible = ["text", "video", "avatar_video"].includes(lesson.type);
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <Link href={back} className="text-sm text-zinc-500 hover:underline">
        ← Back to the lesson
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">Create avatar video</h1>
        <p className="text-sm text-zinc-500">
          A presenter reads a script for “{lesson.title}”. The video goes into the lesson with captions from the script; the lesson’s text stays under it.
        </p>
      </div>
      {!renderer ? (
        <div role="note" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="avatar-not-configured">
          <p className="font-medium">Avatar video is not set up on this platform.</p>
          <p className="mt-1">
            The platform’s operator turns it on with a HeyGen API key: set <code>HEYGEN_API_KEY</code> (and <code>HEYGEN_WEBHOOK_SECRET</code> for HeyGen’s
            webhooks) as described in <code>.env.example</code>.
          </p>
        </div>
      ) : !eligible ? (
        <p className="text-sm text-zinc-600">Only a text or video lesson can have an avatar video.</p>
      ) : !mayGenerate(member) ? (
        <p className="rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-600">
          Avatar video spends the school’s credits. Ask the school’s owner to let editors use AI (Courses → Generate with AI).
        </p>
      ) : listError ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          {listError}
        </p>
      ) : (
        <AvatarStudio
          org={org}
          lessonId={lessonId}
          backHref={back}
          previewHref={`/${org}/courses/${courseId}/preview/${lessonId}`}
          sample={renderer.id === "sample"}
          avatars={lists!.avatars}
          voices={lists!.voices}
          lessonHasText={lessonPlainText(lesson.contentHtml).length >= 40}
          available={balances.available}
          creditsPerMinute={env().AVATAR_CREDITS_PER_MINUTE}
          latest={latest}
        />
      )}
    </div>
  );
}
