"use server";
import { z } from "zod";
import { moveModule } from "@/db/queries/modules";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCoursesIfLive } from "@/lib/courses/revalidate";
import { positionIndex, uuid } from "@/lib/courses/schemas";

/** Drag (or keyboard move) of a module in the outline; the answer is the new order. */
export const moveModuleAction = orgAction(
  { name: "move-module", schema: z.object({ moduleId: uuid, toIndex: positionIndex }), minRole: "editor" },
  async ({ moduleId, toIndex }, { scope, user }) => {
    const r = await moveModule(scope, { actorUserId: user.id, moduleId, toIndex });
    await revalidateCoursesIfLive(scope, r.courseId);
    return r;
  },
);
