import "server-only";
import { findAvatarRender, latestLessonRender, renderClips, type AvatarRender } from "@/db/queries/avatar-renders";
import { findMediaAsset } from "@/db/queries/media";
import type { TenantScope } from "@/db/scope";

/** A render as the builder shows it: each scene's state, the stitched video's processing, and the credits. */
export type RenderProgress = {
  id: string;
  status: AvatarRender["status"];
  error: string | null;
  avatarId: string;
  avatarName: string;
  voiceId: string;
  voiceName: string;
  background: string;
  renderer: string;
  scenes: { text: string; state: "reused" | "queued" | "rendering" | "ready" | "failed" }[];
  /** 0–100 over the whole run: scenes (70), stitching (5), processing (25). */
  percent: number;
  held: number;
  captured: number | null;
  videoProgress: number | null;
  createdAt: string;
};

export async function renderProgress(scope: TenantScope, by: { renderId: string } | { lessonId: string }): Promise<RenderProgress | null> {
  const render = "renderId" in by ? await findAvatarRender(scope, by.renderId) : await latestLessonRender(scope, by.lessonId);
  if (!render) return null;
  const clips = await renderClips(
    scope,
    render.scenes.map((s) => s.hash),
  );
  const byHash = new Map(clips.map((c) => [c.hash, c]));
  const scenes = render.scenes.map((s) => {
    const c = byHash.get(s.hash);
    const state: RenderProgress["scenes"][number]["state"] = !c
      ? "queued"
      : c.status === "ready"
        ? c.renderId === render.id
          ? "ready"
          : "reused"
        : c.status === "failed"
          ? "failed"
          : c.status === "pending" || c.status === "submitting"
            ? "queued"
            : "rendering";
    return { text: s.text, state };
  });
  const asset = render.mediaAssetId ? await findMediaAsset(scope, render.mediaAssetId) : null;
  const done = scenes.filter((s) => s.state === "ready" || s.state === "reused").length;
  let status = render.status;
  if (status === "processing" && asset?.status === "ready") status = "ready";
  if (status === "processing" && asset?.status === "failed") status = "failed";
  const percent =
    status === "ready"
      ? 100
      : status === "processing"
        ? 75 + Math.round((asset?.progress ?? 0) / 4)
        : status === "stitching"
          ? 72
          : Math.round((done / Math.max(1, scenes.length)) * 70);
  return {
    id: render.id,
    status,
    error: render.error ?? (status === "failed" ? (asset?.error ?? null) : null),
    avatarId: render.avatarId,
    avatarName: render.avatarName,
    voiceId: render.voiceId,
    voiceName: render.voiceName,
    background: render.background,
    renderer: render.renderer,
    scenes,
    percent,
    held: render.held,
    captured: render.captured,
    videoProgress: asset ? asset.progress : null,
    createdAt: render.createdAt.toISOString(),
  };
}
