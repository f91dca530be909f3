"use client";
import { useRouter } from "next/navigation";
import { useCallback, useRef } from "react";
import { toast } from "sonner";
import { recordVideoProgressAction } from "@/actions/learning/record-video-progress";
import { VideoPlayer } from "@/components/video/video-player";
import type { VideoSource } from "@/lib/video/playback";

/**
 * A lesson's video for a student: resumes where they stopped, reports watch progress as they play (only
 * when enrolled: a free preview remembers nothing), and says so when watching completed the lesson.
 */
export function LessonVideo({
  source,
  title,
  courseSlug,
  lessonId,
  startAt,
  track,
  completed,
}: {
  source: VideoSource;
  title: string;
  courseSlug: string;
  lessonId: string;
  startAt: number;
  track: boolean;
  completed: boolean;
}) {
  const router = useRouter();
  const done = useRef(completed);
  const onProgress = useCallback(
    async (p: { position: number; watched: number }) => {
      const r = await recordVideoProgressAction({ courseSlug, lessonId, ...p });
      if (r.ok && r.data.completed && !done.current) {
        done.current = true;
        toast.success("Lesson complete", { description: "You watched this lesson's video." });
        router.refresh();
      }
    },
    [courseSlug, lessonId, router],
  );
  const onLeave = useCallback(
    (p: { position: number; watched: number }) => {
      const blob = new Blob([JSON.stringify({ courseSlug, lessonId, ...p })], { type: "text/plain;charset=UTF-8" });
      if (!navigator.sendBeacon?.("/api/video/progress", blob)) void onProgress(p);
    },
    [courseSlug, lessonId, onProgress],
  );
  return <VideoPlayer source={source} title={title} startAt={startAt} onProgress={track ? onProgress : undefined} onLeave={track ? onLeave : undefined} />;
}
