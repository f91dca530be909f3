"use server";
import { z } from "zod";
import { getLesson, type Lesson } from "@/db/queries/builder";
import { addLessonFiles, removeLessonFile, saveLessonContent, updateLessonSettings, VersionConflictError } from "@/db/queries/outline";
import { ActionError } from "@/lib/actions/result";
import { orgAction } from "@/lib/actions/safe-action";
import { quizProblems, quizSchema, type Quiz } from "@/lib/courses/quiz";
import { DocumentError, renderRichText, tiptapDocSchema } from "@/lib/rich-text/render";
import { lessonSettingsSchema, title, uuid } from "@/lib/courses/schemas";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

/**
 * The editor (middle panel) autosaves through `saveLessonAction`: the TipTap JSON is rendered
 * through the lesson schema and sanitized here, on the server; a quiz is validated. The save only
 * lands on the version the editor loaded — otherwise it answers `conflict` with the current version
 * and the editor tells the creator instead of overwriting.
 */
const body = z.discriminatedUnion("kind", [z.object({ kind: z.literal("doc"), doc: tiptapDocSchema }), z.object({ kind: z.literal("quiz"), quiz: quizSchema })]);

export const saveLessonAction = orgAction(
  "save-lesson",
  { schema: z.object({ lessonId: uuid, version: z.number().int().min(1), title: title.optional(), body }), minRole: "editor" },
  async ({ lessonId, version, title, body }, { scope, user }) => {
    let content: Record<string, unknown>;
    let contentHtml: string | null = null;
    if (body.kind === "doc") {
      try {
        const r = renderRichText(body.doc);
        contentHtml = r.html;
      } catch (err) {
        if (err instanceof DocumentError) throw new ActionError("invalid", err.message);
        throw err;
      }
      content = body.doc;
    } else content = body.quiz;
    try {
      const row = await saveLessonContent(scope, user.id, lessonId, version, body.kind === "doc" ? "text" : "quiz", { ...(title ? { title } : {}), content, contentHtml });
      if (row.status === "published") await revalidateTenantSite(scope, ["courses"]);
      return { version: row.version, savedAt: row.updatedAt.toISOString() };
    } catch (err) {
      if (err instanceof VersionConflictError) {
        throw new ActionError("conflict", "This lesson was changed elsewhere since you opened it. Reload to see that version, or keep yours and overwrite it.", { currentVersion: [String(err.current.version)] });
      }
      throw err;
    }
  },
);

/** What a lesson of each type needs before students may see it. */
function lessonPublishProblems(l: Lesson & { fileCount?: number }): string[] {
  if (l.type === "text") return (l.contentHtml ?? "").replace(/<[^>]+>/g, "").trim() || /<(img|iframe)\b/.test(l.contentHtml ?? "") ? [] : ["write some content"];
  if (l.type === "quiz") return quizProblems((l.content as Quiz | null) ?? { kind: "quiz", passMark: 70, maxAttempts: null, questions: [] });
  if (l.type === "video" || l.type === "avatar_video") return l.mediaAssetId ? [] : ["add a video"];
  if (l.type === "download") return l.fileCount ? [] : ["attach at least one file"];
  return [];
}

export const updateLessonSettingsAction = orgAction(
  "update-lesson-settings",
  { schema: z.object({ lessonId: uuid, settings: lessonSettingsSchema }), minRole: "editor" },
  async ({ lessonId, settings }, { scope, user, role }) => {
    const current = await getLesson(scope, lessonId);
    if (!current) throw new ActionError("not_found", "Lesson not found");
    if (settings.status && settings.status !== current.status && role === "editor") throw new ActionError("forbidden", "Only owners and admins can publish or unpublish lessons.");
    const l = await updateLessonSettings(scope, user.id, lessonId, settings, (row) => lessonPublishProblems({ ...row, fileCount: current.files.length }));
    await revalidateTenantSite(scope, ["courses"]);
    return { version: l.version, status: l.status };
  },
);

export const addLessonFilesAction = orgAction("add-lesson-files", { schema: z.object({ lessonId: uuid, mediaAssetIds: z.array(uuid).min(1).max(20) }), minRole: "editor" }, async ({ lessonId, mediaAssetIds }, { scope, user }) => {
  await addLessonFiles(scope, user.id, lessonId, mediaAssetIds);
  return { count: mediaAssetIds.length };
});

export const removeLessonFileAction = orgAction("remove-lesson-file", { schema: z.object({ lessonFileId: uuid }), minRole: "editor" }, async ({ lessonFileId }, { scope, user }) => {
  await removeLessonFile(scope, user.id, lessonFileId);
  return { id: lessonFileId };
});
