"use server";
import { z } from "zod";
import { issueCertificateByHand } from "@/db/queries/progress";
import { getStudentDetail } from "@/db/queries/students";
import { orgAction } from "@/lib/actions/chain";
import { DomainError } from "@/lib/errors";

/** Owners and admins issue a student's certificate for a course they are enrolled in, without waiting for completion. */
export const issueCertificateAction = orgAction(
  { name: "issue-certificate", schema: z.object({ studentId: z.string().uuid(), courseId: z.string().uuid() }), minRole: "admin" },
  async ({ studentId, courseId }, { scope, user }) => {
    const s = await getStudentDetail(scope, studentId);
    if (!s) throw new DomainError("not_found", "Student not found");
    const cert = await issueCertificateByHand(scope, { actorUserId: user.id, userId: s.userId, courseId });
    return { serial: cert.serial };
  },
);
