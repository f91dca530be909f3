"use server";
import { z } from "zod";
import { deleteModule } from "@/db/queries/modules";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { uuid } from "@/lib/courses/schemas";

/** Owners and admins delete a module with its lessons. */
export const deleteModuleAction = orgAction(
  { name: "delete-module", schema: z.object({ moduleId: uuid }), minRole: "admin" },
  async ({ moduleId }, { scope, user }) => {
    const r = await deleteModule(scope, user.id, moduleId);
    await revalidateCoursesIfLive(scope, r.courseId);
    return { id: r.id };
  },
);
