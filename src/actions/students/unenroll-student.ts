"use server";
import { z } from "zod";
import { unenroll } from "@/db/queries/enrollments";
import { getStudentDetail } from "@/db/queries/students";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Owners and admins end a student's access to a course. */
export const unenrollStudentAction = orgAction(
  { name: "unenroll-student", schema: z.object({ studentId: z.string().uuid(), courseId: z.string().uuid() }), minRole: "admin" },
  async ({ studentId, courseId }, { scope, user }) => {
    const s = await getStudentDetail(scope, studentId);
    if (!s) throw new DomainError("not_found", "Student not found");
    return unenroll(scope, { actorUserId: user.id, userId: s.userId, courseId });
  },
);
