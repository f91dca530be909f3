"use server";
import { getBalances } from "@/db/queries/credits";
import { assertMayGenerate } from "@/lib/ai/access";
import { orgAction } from "@/lib/actions/chain";
import { planRender, renderChoiceSchema } from "@/lib/avatar/plan";
import { avatarRenderer } from "@/lib/avatar/renderer";
import { DomainError } from "@/lib/errors";

/** The credit estimate of a render before it starts: which scenes are already rendered (free), what the rest costs, and the balance. */
export const estimateAvatarRenderAction = orgAction({ name: "estimate-avatar-render", schema: renderChoiceSchema, minRole: "editor" }, async (c, ctx) => {
  assertMayGenerate(ctx);
  const renderer = avatarRenderer();
  if (!renderer) throw new DomainError("invalid", "Avatar video is not set up on this platform (HEYGEN_API_KEY).");
  const plan = await planRender(ctx.scope, { ...c, renderer: renderer.id });
  const { available } = await getBalances(ctx.scope);
  return { reused: plan.reused, totalSeconds: plan.totalSeconds, newSeconds: plan.newSeconds, typical: plan.typical, hold: plan.hold, available };
});
