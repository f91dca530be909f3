"use server";
import { z } from "zod";
import { renameModule } from "@/db/queries/modules";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { title, uuid } from "@/lib/courses/schemas";

export const renameModuleAction = orgAction(
  { name: "rename-module", schema: z.object({ moduleId: uuid, title }), minRole: "editor" },
  async ({ moduleId, title }, { scope, user }) => {
    const m = await renameModule(scope, { actorUserId: user.id, moduleId, title });
    await revalidateCoursesIfLive(scope, m.courseId);
    return { id: m.id, title: m.title };
  },
);
