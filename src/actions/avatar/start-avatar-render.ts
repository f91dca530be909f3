"use server";
import { startAvatarRender } from "@/db/queries/avatar-renders";
import { assertMayGenerate } from "@/lib/ai/access";
import { orgAction } from "@/lib/actions/chain";
import { planRender, renderChoiceSchema } from "@/lib/avatar/plan";
import { avatarRenderer } from "@/lib/avatar/renderer";
import { DomainError } from "@/lib/errors";

/**
 * Render the lesson's avatar video: the presenter and voice must be ones the renderer offers; credits for
 * the scenes not rendered before are held (refused when the balance is short), then the render-avatar-video
 * job renders, stitches and attaches it.
 */
export const startAvatarRenderAction = orgAction({ name: "start-avatar-render", schema: renderChoiceSchema, minRole: "editor" }, async (c, ctx) => {
  assertMayGenerate(ctx);
  const renderer = avatarRenderer();
  if (!renderer) throw new DomainError("invalid", "Avatar video is not set up on this platform (HEYGEN_API_KEY).");
  const [avatars, voices] = await Promise.all([renderer.listAvatars(), renderer.listVoices()]);
  const avatar = avatars.find((a) => a.id === c.avatarId);
  if (!avatar) throw new DomainError("invalid", "This presenter is not offered any more. Pick another one.");
  const voice = voices.find((v) => v.id === c.voiceId);
  if (!voice) throw new DomainError("invalid", "This voice is not offered any more. Pick another one.");
  const plan = await planRender(ctx.scope, { ...c, renderer: renderer.id });
  const render = await startAvatarRender(ctx.scope, {
    actorUserId: ctx.user.id,
    lessonId: c.lessonId,
    renderer: renderer.id,
    avatar: { id: avatar.id, name: avatar.name },
    voice: { id: voice.id, name: voice.name },
    background: c.background.toLowerCase(),
    scenes: plan.scenes,
    estimatedSeconds: plan.totalSeconds,
    holdAmount: plan.hold,
  });
  return { renderId: render.id, held: render.held };
});
