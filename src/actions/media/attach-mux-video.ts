"use server";
import { z } from "zod";
import { attachMuxVideo, findMuxConnection } from "@/db/queries/mux";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { DomainError } from "@/lib/errors";
import { findMuxVideo, muxClient } from "@/lib/video/mux";

/**
 * A video lesson plays a video the school already has on Mux. With the school's Mux account connected, the
 * asset or playback id is looked up there (it must exist; a signed playback id plays with the school's
 * signing key); without it, only a public playback id can be attached, as given.
 */
const schema = z.object({
  lessonId: z.string().uuid(),
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,128}$/, "Paste a Mux asset ID or playback ID."),
});

export const attachMuxVideoAction = orgAction({ name: "attach-mux-video", schema, minRole: "editor" }, async ({ lessonId, id }, { scope, user }) => {
  const conn = await findMuxConnection(scope);
  let found = {
    muxAssetId: null as string | null,
    playbackId: id,
    signed: false,
    status: "ready" as "processing" | "ready" | "failed",
    durationSeconds: null as number | null,
  };
  if (conn) {
    const v = await findMuxVideo(muxClient(conn), id);
    if (!v) throw new DomainError("invalid", `Your Mux account has no asset or playback ID “${id}”.`);
    found = { muxAssetId: v.assetId, playbackId: v.playbackId, signed: v.signed, status: v.status, durationSeconds: v.durationSeconds };
  }
  const videoId = await attachMuxVideo(scope, { actorUserId: user.id, lessonId, ...found });
  revalidateCourses(scope);
  return { videoId, verified: !!conn, signed: found.signed };
});
