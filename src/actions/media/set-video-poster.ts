"use server";
import { z } from "zod";
import { setVideoPoster } from "@/db/queries/media";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";

/** The builder's "Set poster": an image the creator uploaded (or null to go back to the frame the pipeline took). */
const schema = z.object({ videoId: z.string().uuid(), imageId: z.string().uuid().nullable() });

export const setVideoPosterAction = orgAction({ name: "set-video-poster", schema, minRole: "editor" }, async ({ videoId, imageId }, { scope, user }) => {
  await setVideoPoster(scope, { actorUserId: user.id, videoId, imageId });
  revalidateCourses(scope);
  return { imageId };
});
