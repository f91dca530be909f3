"use server";
import { z } from "zod";
import { createModule } from "@/db/queries/modules";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { title, uuid } from "@/lib/courses/schemas";

/** A new module at the end of the course's outline. */
export const createModuleAction = orgAction(
  { name: "create-module", schema: z.object({ courseId: uuid, title }), minRole: "editor" },
  async ({ courseId, title }, { scope, user }) => {
    const m = await createModule(scope, { actorUserId: user.id, courseId, title });
    await revalidateCoursesIfLive(scope, courseId);
    return { id: m.id, title: m.title, position: m.position };
  },
);
