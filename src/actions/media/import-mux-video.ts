"use server";
import { z } from "zod";
import { findMediaAsset } from "@/db/queries/media";
import { findMuxConnection } from "@/db/queries/mux";
import { sendEvent } from "@/inngest/send";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** "Import into Courseforge": copy a Mux video into our own pipeline (src/inngest/functions/import-mux-video.ts). */
const schema = z.object({ videoId: z.string().uuid() });

export const importMuxVideoAction = orgAction({ name: "import-mux-video", schema, minRole: "editor" }, async ({ videoId }, { scope }) => {
  const [v, conn] = await Promise.all([findMediaAsset(scope, videoId), findMuxConnection(scope)]);
  if (!v || v.kind !== "video") throw new DomainError("not_found", "Video not found.");
  if (v.provider !== "mux" || !v.muxAssetId) throw new DomainError("invalid", "Only a video attached from your Mux account can be imported.");
  if (!conn) throw new DomainError("invalid", "Connect your Mux account in Settings → Video first.");
  const newAssetId = crypto.randomUUID();
  await sendEvent(null, { name: "media/mux.import-requested", data: { creatorId: scope.creatorId, mediaAssetId: v.id, newAssetId } });
  return { newAssetId };
});
