"use server";
import { z } from "zod";
import { findVideo } from "@/db/queries/video";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** The builder polls a video being processed: its status, percent done and, when it failed, why. */
const schema = z.object({ videoId: z.string().uuid() });

export const videoStatusAction = orgAction({ name: "video-status", schema, minRole: "editor" }, async ({ videoId }, { scope }) => {
  const v = await findVideo(scope, videoId);
  if (!v) throw new DomainError("not_found", "Video not found.");
  return { status: v.status, progress: v.progress, error: v.error };
});
