import { Clock } from "lucide-react";
import type { ReactNode } from "react";
import { findVideo } from "@/db/queries/video";
import type { TenantScope } from "@/db/scope";
import { videoSource, type VideoSource } from "@/lib/video/playback";

/**
 * A lesson's video, for a viewer the page has already let into the lesson: the player when the video is
 * ready (`render` decides which player: a student's tracks progress), else a sentence saying it is on its way.
 */
export async function LessonVideoBlock({
  scope,
  mediaAssetId,
  render,
}: {
  scope: TenantScope;
  mediaAssetId: string | null;
  render: (source: VideoSource) => ReactNode;
}) {
  if (!mediaAssetId) return null;
  const v = await findVideo(scope, mediaAssetId);
  const source = v ? await videoSource(scope, v) : null;
  if (source) return <>{render(source)}</>;
  if (!v || v.status === "failed") return null;
  return (
    <div className="flex aspect-video w-full flex-col items-center justify-center gap-2 rounded-lg bg-zinc-900 text-sm text-zinc-200" role="status">
      <Clock aria-hidden className="size-5" />
      This video is being prepared. Check back in a few minutes.
    </div>
  );
}
