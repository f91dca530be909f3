"use server";
import { z } from "zod";
import { resetProgress } from "@/db/queries/progress";
import { getStudentDetail } from "@/db/queries/students";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Owners and admins start a student's course over: lessons not completed, quiz attempts cleared, resume from the start. */
export const resetProgressAction = orgAction(
  { name: "reset-progress", schema: z.object({ studentId: z.string().uuid(), courseId: z.string().uuid() }), minRole: "admin" },
  async ({ studentId, courseId }, { scope, user }) => {
    const s = await getStudentDetail(scope, studentId);
    if (!s) throw new DomainError("not_found", "Student not found");
    return resetProgress(scope, { actorUserId: user.id, userId: s.userId, courseId });
  },
);
