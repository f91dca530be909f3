"use server";
import { z } from "zod";
import { orgAction } from "@/lib/actions/chain";
import { renderProgress } from "@/lib/avatar/progress";
import { DomainError } from "@/lib/errors";

/** Where a render is (the builder polls it while it runs). Another school's render is not found. */
export const avatarRenderStatusAction = orgAction(
  { name: "avatar-render-status", schema: z.object({ renderId: z.string().uuid() }), minRole: "editor" },
  async ({ renderId }, ctx) => {
    const p = await renderProgress(ctx.scope, { renderId });
    if (!p) throw new DomainError("not_found", "Render not found.");
    return p;
  },
);
