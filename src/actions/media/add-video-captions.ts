"use server";
import { z } from "zod";
import { putVideoCaption } from "@/db/queries/media";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { DomainError } from "@/lib/errors";
import { getStorage, hlsKey } from "@/lib/storage";
import { CAPTION_LANG, MAX_CAPTION_BYTES, toWebVtt } from "@/lib/video/captions";

/** Captions for a video: a WebVTT or SRT file's text, its language and the label the player shows. One track per language. */
const schema = z.object({
  videoId: z.string().uuid(),
  lang: z.string().regex(CAPTION_LANG, "Choose a language."),
  label: z.string().trim().min(1, "Name the captions (e.g. English).").max(40),
  text: z.string().max(MAX_CAPTION_BYTES * 2, "Caption files can be at most 900 KB."),
});

export const addVideoCaptionsAction = orgAction(
  { name: "add-video-captions", schema, minRole: "editor" },
  async ({ videoId, lang, label, text }, { scope, user }) => {
    const vtt = toWebVtt(text);
    if (!vtt.ok) throw new DomainError("invalid", vtt.message);
    const file = `captions/${lang}.vtt`;
    // The video must be this school's before anything is written under its folder.
    const captions = await putVideoCaption(scope, { actorUserId: user.id, videoId, caption: { lang, label, file } });
    await getStorage().put(hlsKey({ creatorId: scope.creatorId, assetId: videoId, file }), new TextEncoder().encode(vtt.vtt), "text/vtt");
    revalidateCourses(scope);
    return { captions: captions.map((c) => ({ lang: c.lang, label: c.label })) };
  },
);
