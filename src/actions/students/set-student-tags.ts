"use server";
import { z } from "zod";
import { setStudentTags } from "@/db/queries/students";
import { orgAction } from "@/lib/actions/chain";

/** Tag a student (editors and up): labels for filters, imports and cohorts. */
export const setStudentTagsAction = orgAction(
  {
    name: "set-student-tags",
    schema: z.object({ studentId: z.string().uuid(), tags: z.array(z.string().trim().max(40, "Keep tags under 40 characters")).max(20, "At most 20 tags") }),
    minRole: "editor",
  },
  async ({ studentId, tags }, { scope, user }) => {
    const row = await setStudentTags(scope, { actorUserId: user.id, studentId, tags });
    return { tags: row.tags };
  },
);
