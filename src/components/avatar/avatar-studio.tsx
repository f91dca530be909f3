"use client";
import { Loader2, Plus, Recycle, Sparkles, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { avatarRenderStatusAction } from "@/actions/avatar/avatar-render-status";
import { draftNarrationAction } from "@/actions/avatar/draft-narration";
import { estimateAvatarRenderAction } from "@/actions/avatar/estimate-avatar-render";
import { startAvatarRenderAction } from "@/actions/avatar/start-avatar-render";
import { Button } from "@/components/ui/button";
import type { RenderProgress } from "@/lib/avatar/progress";
import { RenderPanel } from "./render-panel";
import { MAX_SCENE_CHARS, MAX_SCENES, spokenSeconds, splitScript } from "@/lib/avatar/script";

type Option = { id: string; name: string; gender: string | null; previewImageUrl?: string | null; previewAudioUrl?: string | null; language?: string | null };
type Estimate = { reused: boolean[]; totalSeconds: number; newSeconds: number; typical: number; hold: number; available: number };

const length = (s: number) => (s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`);
const httpsOnly = (u: string | null | undefined) => (u && /^https:\/\//.test(u) ? u : null);

/** The avatar video form (presenter, voice, script in scenes, estimate) and the render's progress. */
export function AvatarStudio(p: {
  org: string;
  lessonId: string;
  backHref: string;
  previewHref: string;
  sample: boolean;
  avatars: Option[];
  voices: Option[];
  lessonHasText: boolean;
  available: number;
  creditsPerMinute: number;
  latest: RenderProgress | null;
}) {
  const router = useRouter();
  const storageKey = `avatar-video:${p.lessonId}`;
  const [render, setRender] = useState<RenderProgress | null>(p.latest);
  const running = render && (render.status === "rendering" || render.status === "stitching" || render.status === "processing");
  const last = p.latest;
  // Coming back after a render: its presenter, voice and background are chosen again (changing one renders every scene again).
  const [avatarId, setAvatarId] = useState(last && p.avatars.some((a) => a.id === last.avatarId) ? last.avatarId : (p.avatars[0]?.id ?? ""));
  const [voiceId, setVoiceId] = useState(last && p.voices.some((v) => v.id === last.voiceId) ? last.voiceId : (p.voices[0]?.id ?? ""));
  const [background, setBackground] = useState(last?.background ?? "#1e293b");
  const [sampleDraft, setSampleDraft] = useState(false);
  const sceneRefs = useRef<(HTMLTextAreaElement | null)[]>([]);
  const focusScene = useRef<number | null>(null);
  const [scenes, setScenes] = useState<string[]>(() => (p.latest ? p.latest.scenes.map((s) => s.text) : [""]));
  const [drafting, setDrafting] = useState(false);
  const [starting, setStarting] = useState(false);
  const [fetched, setEstimate] = useState<Estimate | null>(null);
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const loaded = useRef(false);
  // Focus follows added and removed scenes (after they are on the page).
  useEffect(() => {
    if (focusScene.current === null) return;
    sceneRefs.current[focusScene.current]?.focus();
    focusScene.current = null;
  }, [scenes]);

  // The creator's typing is kept in the browser until the render starts.
  useEffect(() => {
    if (loaded.current) return;
    loaded.current = true;
    try {
      const saved = JSON.parse(window.localStorage.getItem(storageKey) ?? "null") as {
        scenes?: string[];
        avatarId?: string;
        voiceId?: string;
        background?: string;
      } | null;
      // Browser storage exists only after mount (the server render cannot know it).
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (saved?.scenes?.some((s) => s.trim())) setScenes(saved.scenes);
      if (saved?.avatarId && p.avatars.some((a) => a.id === saved.avatarId)) setAvatarId(saved.avatarId);
      if (saved?.voiceId && p.voices.some((v) => v.id === saved.voiceId)) setVoiceId(saved.voiceId);
      if (saved?.background) setBackground(saved.background);
    } catch {
      // nothing kept
    }
  }, [storageKey, p.avatars, p.voices]);
  useEffect(() => {
    if (!loaded.current) return;
    window.localStorage.setItem(storageKey, JSON.stringify({ scenes, avatarId, voiceId, background }));
  }, [storageKey, scenes, avatarId, voiceId, background]);

  // Follow a render while it runs (it survives reloads: its state is on the server).
  useEffect(() => {
    if (!render || !running) return;
    const id = window.setInterval(async () => {
      const r = await avatarRenderStatusAction({ org: p.org, renderId: render.id });
      if (!r.ok) return;
      setRender(r.data);
      if (r.data.status === "ready") {
        toast.success("The avatar video is in the lesson.");
        router.refresh();
      } else if (r.data.status === "failed") toast.error(r.data.error ?? "The render failed.");
    }, 2000);
    return () => window.clearInterval(id);
  }, [render, running, p.org, router]);

  const filled = useMemo(() => scenes.map((s) => s.trim()).filter(Boolean), [scenes]);
  const tooLong = scenes.some((s) => s.length > MAX_SCENE_CHARS);

  // The estimate follows the choices (debounced).
  const estimable = filled.length > 0 && !tooLong && !!avatarId && !!voiceId;
  const estimate = estimable ? fetched : null;
  useEffect(() => {
    if (!estimable) return;
    const t = window.setTimeout(async () => {
      const r = await estimateAvatarRenderAction({ org: p.org, lessonId: p.lessonId, avatarId, voiceId, background, scenes: filled });
      if (r.ok) {
        setEstimate(r.data);
        setEstimateError(null);
      } else setEstimateError(r.message);
    }, 400);
    return () => window.clearTimeout(t);
    // Asked again when a render ends: its scenes are free from then on.
  }, [estimable, filled, avatarId, voiceId, background, p.org, p.lessonId, render?.status]);

  async function draft() {
    if (filled.length && !window.confirm("Replace the script with a new draft from the lesson? It uses a few credits.")) return;
    setDrafting(true);
    const r = await draftNarrationAction({ org: p.org, lessonId: p.lessonId, maxSeconds: 300 });
    setDrafting(false);
    if (!r.ok) return void toast.error(r.message, /credits/i.test(r.message) ? { duration: 10_000 } : undefined);
    setScenes(r.data.scenes.length ? r.data.scenes : [r.data.script]);
    setSampleDraft(r.data.sample);
    const n = r.data.scenes.length;
    toast.success(`Script drafted in ${n} ${n === 1 ? "scene" : "scenes"} (${r.data.credits} ${r.data.credits === 1 ? "credit" : "credits"}).`);
  }

  async function start() {
    setStarting(true);
    const r = await startAvatarRenderAction({ org: p.org, lessonId: p.lessonId, avatarId, voiceId, background, scenes: filled });
    setStarting(false);
    if (!r.ok) return void toast.error(r.message, /credits/i.test(r.message) ? { duration: 10_000 } : undefined);
    window.localStorage.removeItem(storageKey);
    toast.success(r.data.held ? `Rendering. ${r.data.held} credits are held until it is done.` : "Rendering: every scene was rendered before, so it is free.");
    const s = await avatarRenderStatusAction({ org: p.org, renderId: r.data.renderId });
    if (s.ok) setRender(s.data);
  }

  const setScene = (i: number, text: string) => setScenes((all) => all.map((s, j) => (j === i ? text : s)));
  const short = estimate ? estimate.hold > estimate.available : false;
  const longScene = scenes.findIndex((x) => x.length > MAX_SCENE_CHARS);
  const choicesChanged = !!last && (last.avatarId !== avatarId || last.voiceId !== voiceId || last.background.toLowerCase() !== background.toLowerCase());
  const unchanged =
    last?.status === "ready" &&
    !choicesChanged &&
    filled.length === last.scenes.length &&
    filled.every((x, i) => x === last.scenes[i]!.text.trim()) &&
    estimate?.newSeconds === 0;
  const removeScene = (i: number) => {
    setScenes((all) => (all.length > 1 ? all.filter((_, j) => j !== i) : [""]));
    // Focus goes to the scene that takes its place (or the one before), never to a button that now means another scene.
    focusScene.current = Math.max(0, Math.min(i, scenes.length - 2));
  };

  return (
    <div className="flex flex-col gap-6">
      {p.sample ? (
        <p role="note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="avatar-sample-banner">
          Sample renderer: HeyGen is not connected here, so videos are placeholder clips (a card with the script as captions), not a real presenter. Credits are
          counted as they would be.
        </p>
      ) : null}

      {render ? <RenderPanel render={render} backHref={p.backHref} previewHref={p.previewHref} /> : null}

      {running ? null : (
        <>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-semibold">Presenter</legend>
            <div className="grid grid-cols-3 gap-2 sm:gap-3 md:grid-cols-4">
              {p.avatars.map((a) => (
                <label
                  key={a.id}
                  className={`flex cursor-pointer flex-col items-center gap-2 rounded-lg border p-2 text-center text-xs has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-500 sm:p-3 sm:text-sm ${avatarId === a.id ? "border-zinc-900 bg-zinc-50" : "border-zinc-200 bg-white"}`}
                >
                  <input type="radio" name="avatar" value={a.id} checked={avatarId === a.id} onChange={() => setAvatarId(a.id)} className="sr-only" />
                  {httpsOnly(a.previewImageUrl) ? (
                    // eslint-disable-next-line @next/next/no-img-element -- HeyGen's preview images, any size
                    <img src={httpsOnly(a.previewImageUrl)!} alt="" className="aspect-square w-full rounded-md object-cover" loading="lazy" />
                  ) : (
                    <span
                      aria-hidden
                      className="flex aspect-square w-full items-center justify-center rounded-md bg-slate-700 text-3xl font-semibold text-white"
                    >
                      {a.name.replace(/^Sample presenter: /, "").slice(0, 1)}
                    </span>
                  )}
                  <span>{a.name}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-2 text-sm font-semibold">Voice</legend>
              <div className="flex flex-col gap-2">
                {p.voices.map((v) => (
                  <label
                    key={v.id}
                    className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${voiceId === v.id ? "border-zinc-900 bg-zinc-50" : "border-zinc-200 bg-white"}`}
                  >
                    <input type="radio" name="voice" value={v.id} checked={voiceId === v.id} onChange={() => setVoiceId(v.id)} />
                    <span className="min-w-40 flex-1">
                      {v.name}
                      <span className="text-zinc-500">
                        {[v.language, v.gender].filter(Boolean).length ? ` · ${[v.language, v.gender].filter(Boolean).join(", ")}` : ""}
                      </span>
                    </span>
                    {httpsOnly(v.previewAudioUrl) ? (
                      <audio controls preload="none" src={httpsOnly(v.previewAudioUrl)!} aria-label={`Preview of ${v.name}`} className="h-8" />
                    ) : null}
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="flex flex-col gap-2 text-sm font-semibold">
              Background
              <input
                type="color"
                value={background}
                onChange={(e) => setBackground(e.target.value)}
                className="h-10 w-20 cursor-pointer rounded border border-zinc-300"
              />
              <span className="max-w-40 text-xs font-normal text-zinc-500">The colour behind the presenter.</span>
            </label>
          </div>
          {choicesChanged ? (
            <p role="note" className="text-sm text-amber-800">
              A different presenter, voice or background than the last render: every scene is rendered again.
            </p>
          ) : null}

          <section className="flex flex-col gap-3" aria-labelledby="script-heading">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="script-heading" className="text-sm font-semibold">
                Script, in scenes
              </h2>
              <Button
                type="button"
                variant="outline"
                onClick={draft}
                disabled={drafting || !p.lessonHasText}
                title={p.lessonHasText ? undefined : "Write the lesson's text first"}
              >
                {drafting ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Sparkles className="h-4 w-4" aria-hidden />}
                {drafting ? "Drafting…" : "Draft from the lesson with AI"}
              </Button>
            </div>
            {sampleDraft ? (
              <p role="note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-900">
                Sample AI: no AI model is configured here, so the draft is a placeholder, not written from your lesson. Edit it, or write your own.
              </p>
            ) : null}
            {!p.lessonHasText ? (
              <p className="text-xs text-zinc-500">The lesson has too little text to draft from: write the script yourself, or write the lesson first.</p>
            ) : null}
            <p className="text-xs text-zinc-500">
              Each scene is rendered on its own. Change one scene later and only that scene is rendered again. Paste a whole script into the first scene and
              press “Split into scenes” to cut it at blank lines.
            </p>
            <ol className="flex flex-col gap-3">
              {scenes.map((s, i) => (
                <li key={i} className="flex flex-col gap-1 rounded-lg border border-zinc-200 bg-white p-3">
                  <div className="flex items-center justify-between gap-2 text-xs text-zinc-500">
                    <label htmlFor={`scene-${i}`} className="font-semibold text-zinc-700">
                      Scene {i + 1}
                    </label>
                    <span className="flex items-center gap-2">
                      {estimate?.reused[filled.indexOf(s.trim())] && s.trim() ? (
                        <span className="inline-flex items-center gap-1 text-emerald-700">
                          <Recycle className="h-3 w-3" aria-hidden /> rendered before: free
                        </span>
                      ) : null}
                      <span>{s.trim() ? `about ${length(spokenSeconds(s))}` : "empty"}</span>
                      <button type="button" onClick={() => removeScene(i)} className="rounded p-1 hover:bg-zinc-100" aria-label={`Remove scene ${i + 1}`}>
                        <Trash2 className="h-4 w-4" aria-hidden />
                      </button>
                    </span>
                  </div>
                  <textarea
                    ref={(el) => {
                      sceneRefs.current[i] = el;
                    }}
                    id={`scene-${i}`}
                    aria-describedby={s.length > MAX_SCENE_CHARS ? `scene-${i}-error` : undefined}
                    value={s}
                    onChange={(e) => setScene(i, e.target.value)}
                    rows={Math.min(8, Math.max(3, Math.ceil(s.length / 90)))}
                    className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm"
                    placeholder="What the presenter says in this scene."
                    aria-invalid={s.length > MAX_SCENE_CHARS || undefined}
                  />
                  {s.length > MAX_SCENE_CHARS ? (
                    <p id={`scene-${i}-error`} className="text-xs text-red-700">
                      {s.length.toLocaleString("en-US")} characters: a scene can be at most {MAX_SCENE_CHARS.toLocaleString("en-US")}. Split it.
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant="outline"
                onClick={() => {
                  setScenes((all) => [...all, ""]);
                  focusScene.current = scenes.length;
                }}
                disabled={scenes.length >= MAX_SCENES}
              >
                <Plus className="h-4 w-4" aria-hidden /> Add a scene
              </Button>
              <Button type="button" variant="outline" onClick={() => setScenes((all) => splitScript(all.join("\n\n")))} disabled={!filled.length}>
                Split into scenes
              </Button>
            </div>
          </section>

          <section className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" aria-live="polite" data-testid="avatar-estimate">
            {estimate ? (
              <>
                <p className="text-sm">
                  About <strong>{length(estimate.totalSeconds)}</strong> of video in {filled.length} {filled.length === 1 ? "scene" : "scenes"}.{" "}
                  {estimate.newSeconds < estimate.totalSeconds ? `${estimate.reused.filter(Boolean).length} rendered before (free). ` : ""}
                  Rendering costs about <strong>{estimate.typical} credits</strong>
                  {estimate.hold ? ` (${estimate.hold} held until it is done; you pay for the real length)` : ""}. You have{" "}
                  {estimate.available.toLocaleString("en-US")}.
                </p>
                {short ? (
                  <p className="text-sm text-red-700">
                    Not enough credits for this render.{" "}
                    <Link href={`/${p.org}/settings/billing`} className="underline">
                      Buy credits
                    </Link>
                  </p>
                ) : null}
              </>
            ) : (
              <p className="text-sm text-zinc-500">
                {longScene >= 0
                  ? `Scene ${longScene + 1} is too long: split it to see what the video costs.`
                  : (estimateError ?? `Write the script to see what it costs (${p.creditsPerMinute} credits a minute of video).`)}
              </p>
            )}
            <div>
              {unchanged ? <p className="mb-2 text-sm text-zinc-500">Nothing changed since the last render.</p> : null}
              <Button type="button" onClick={start} disabled={starting || !estimate || short || tooLong || unchanged}>
                {starting ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : null}
                {render?.status === "ready" || render?.status === "failed" ? "Render again" : "Render the video"}
              </Button>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
