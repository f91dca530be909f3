"use server";
import { z } from "zod";
import { saveLessonContent } from "@/db/queries/lessons";
import { saveQuiz } from "@/db/queries/quizzes";
import { orgAction } from "@/lib/actions/chain";
import { quizSchema } from "@/lib/courses/quiz";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { title, uuid } from "@/lib/courses/schemas";
import { renderRichText, tiptapDocSchema } from "@/lib/rich-text/render";

/**
 * The editor (middle panel) autosaves through here: TipTap JSON is rendered through the lesson schema and
 * sanitized on the server; a quiz is validated. The save lands only on the version the editor loaded —
 * otherwise the failure is `conflict` with details `{ kind: "version_conflict", currentVersion }` and the
 * editor tells the creator instead of overwriting.
 */
const body = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("doc"), doc: tiptapDocSchema }),
  z.object({ kind: z.literal("quiz"), quiz: quizSchema }),
]);

export const saveLessonAction = orgAction(
  { name: "save-lesson", schema: z.object({ lessonId: uuid, version: z.number().int().min(1), title: title.optional(), body }), minRole: "editor" },
  async ({ lessonId, version, title, body }, { scope, user }) => {
    const save = { actorUserId: user.id, lessonId, expectedVersion: version, ...(title ? { title } : {}) };
    const row =
      body.kind === "doc"
        ? await saveLessonContent(scope, { ...save, expectedType: "doc", content: body.doc, contentHtml: renderRichText(body.doc).html })
        : await saveQuiz(scope, { ...save, quiz: body.quiz });
    if (row.status === "published") revalidateCourses(scope);
    return { version: row.version, savedAt: row.updatedAt.toISOString() };
  },
);
