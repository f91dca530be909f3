"use server";
import { z } from "zod";
import { getCourse } from "@/db/queries/courses";
import { getLesson } from "@/db/queries/lessons";
import { assertMayGenerate } from "@/lib/ai/access";
import { orgAction } from "@/lib/actions/chain";
import { draftNarration, lessonPlainText } from "@/lib/avatar/narration";
import { DomainError } from "@/lib/errors";

/** A narration script drafted from the lesson's text by the AI layer (metered, from the school's credits), split into scenes. */
const schema = z.object({ lessonId: z.string().uuid(), maxSeconds: z.coerce.number().int().min(30).max(1800).default(300) });

export const draftNarrationAction = orgAction({ name: "draft-narration", schema, minRole: "editor" }, async (input, ctx) => {
  assertMayGenerate(ctx);
  const lesson = await getLesson(ctx.scope, input.lessonId);
  if (!lesson) throw new DomainError("not_found", "Lesson not found.");
  const course = await getCourse(ctx.scope, lesson.courseId);
  if (!course) throw new DomainError("not_found", "Lesson not found.");
  const text = lessonPlainText(lesson.contentHtml);
  if (text.length < 40)
    throw new DomainError("invalid", "This lesson has too little text to draft a script from. Write the lesson first, or type the script yourself.");
  return draftNarration(ctx.scope, {
    requestId: crypto.randomUUID(),
    course: { title: course.title, language: course.language },
    lesson: { title: lesson.title, text },
    maxSeconds: input.maxSeconds,
  });
});
