"use server";
import { z } from "zod";
import { removeVideoCaption } from "@/db/queries/media";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { getStorage, hlsKey } from "@/lib/storage";
import { CAPTION_LANG } from "@/lib/video/captions";

/** Take a caption track off a video (its file is deleted). */
const schema = z.object({ videoId: z.string().uuid(), lang: z.string().regex(CAPTION_LANG) });

export const removeVideoCaptionsAction = orgAction({ name: "remove-video-captions", schema, minRole: "editor" }, async ({ videoId, lang }, { scope, user }) => {
  const file = await removeVideoCaption(scope, { actorUserId: user.id, videoId, lang });
  if (file) await getStorage().delete(hlsKey({ creatorId: scope.creatorId, assetId: videoId, file }));
  revalidateCourses(scope);
  return { lang };
});
