"use server";
import { z } from "zod";
import { enrollManually } from "@/db/queries/enrollments";
import { getStudentDetail } from "@/db/queries/students";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Owners and admins give a student a course by hand. */
export const enrollStudentAction = orgAction(
  { name: "enroll-student", schema: z.object({ studentId: z.string().uuid(), courseId: z.string().uuid() }), minRole: "admin" },
  async ({ studentId, courseId }, { scope, user }) => {
    const s = await getStudentDetail(scope, studentId);
    if (!s) throw new DomainError("not_found", "Student not found");
    return enrollManually(scope, { actorUserId: user.id, userId: s.userId, courseId });
  },
);
