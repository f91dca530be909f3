"use server";
import { z } from "zod";
import { createLesson } from "@/db/queries/lessons";
import { orgAction } from "@/lib/actions/chain";
import { emptyQuiz } from "@/lib/courses/quiz";
import { LESSON_TYPES, title, uuid } from "@/lib/courses/schemas";

/** A new draft lesson at the end of a module, with an empty body of its type. */
export const createLessonAction = orgAction(
  { name: "create-lesson", schema: z.object({ moduleId: uuid, title, type: z.enum(LESSON_TYPES) }), minRole: "editor" },
  async ({ moduleId, title, type }, { scope, user }) => {
    const content = type === "quiz" ? emptyQuiz() : type === "text" ? { type: "doc", content: [{ type: "paragraph" }] } : null;
    const l = await createLesson(scope, { actorUserId: user.id, moduleId, title, type, content });
    return { id: l.id, title: l.title, type: l.type, position: l.position, version: l.version };
  },
);
