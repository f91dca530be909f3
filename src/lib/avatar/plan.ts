import "server-only";
import { z } from "zod";
import { reusableClips } from "@/db/queries/avatar-renders";
import type { AvatarScene } from "@/db/schema";
import type { TenantScope } from "@/db/scope";
import { env } from "@/lib/env";
import { cleanScene, holdCredits, MAX_SCENE_CHARS, MAX_SCENES, renderCredits, sceneHash, spokenSeconds } from "./scenes";

/** What the creator chose in "Create avatar video": checked on the server. */
export const renderChoiceSchema = z.object({
  lessonId: z.string().uuid(),
  avatarId: z.string().trim().min(1, "Pick a presenter.").max(200),
  voiceId: z.string().trim().min(1, "Pick a voice.").max(200),
  background: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a background colour."),
  scenes: z
    .array(
      z
        .string()
        .max(MAX_SCENE_CHARS * 2, `A scene can be at most ${MAX_SCENE_CHARS} characters: split it.`)
        .transform(cleanScene)
        .pipe(z.string().max(MAX_SCENE_CHARS, `A scene can be at most ${MAX_SCENE_CHARS} characters: split it.`)),
    )
    .transform((s) => s.filter(Boolean))
    .pipe(z.array(z.string()).min(1, "Write the script first.").max(MAX_SCENES, `At most ${MAX_SCENES} scenes.`)),
});
export type RenderChoice = z.infer<typeof renderChoiceSchema>;

export type RenderPlan = {
  scenes: AvatarScene[];
  /** Per scene: its clip is already made (or being made) and costs nothing again. */
  reused: boolean[];
  totalSeconds: number;
  newSeconds: number;
  /** The usual cost (the new scenes' spoken length) and what is held (a quarter more). */
  typical: number;
  hold: number;
};

/** The scenes with their hashes, which are already rendered, and what rendering the rest costs. */
export async function planRender(scope: TenantScope, c: Omit<RenderChoice, "lessonId"> & { renderer: string }): Promise<RenderPlan> {
  const scenes = c.scenes.map((text) => ({
    text,
    hash: sceneHash({ text, avatarId: c.avatarId, voiceId: c.voiceId, background: c.background, renderer: c.renderer }),
  }));
  const have = await reusableClips(
    scope,
    scenes.map((s) => s.hash),
  );
  const seen = new Set<string>();
  const reused = scenes.map((s) => {
    const r = have.has(s.hash) || seen.has(s.hash);
    seen.add(s.hash);
    return r;
  });
  const seconds = scenes.map((s) => spokenSeconds(s.text));
  const newSeconds = seconds.reduce((n, s, i) => n + (reused[i] ? 0 : s), 0);
  const perMinute = env().AVATAR_CREDITS_PER_MINUTE;
  return {
    scenes,
    reused,
    totalSeconds: seconds.reduce((a, b) => a + b, 0),
    newSeconds,
    typical: renderCredits(newSeconds, perMinute),
    hold: newSeconds > 0 ? holdCredits(newSeconds, perMinute) : 0,
  };
}
