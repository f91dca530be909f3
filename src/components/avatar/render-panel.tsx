import { Check, Circle, Loader2, Recycle, X } from "lucide-react";
import Link from "next/link";
import type { RenderProgress } from "@/lib/avatar/progress";

const SCENE_ICON = {
  queued: <Circle className="h-4 w-4 text-zinc-300" aria-hidden />,
  rendering: <Loader2 className="h-4 w-4 animate-spin text-sky-600" aria-hidden />,
  ready: <Check className="h-4 w-4 text-emerald-600" aria-hidden />,
  reused: <Recycle className="h-4 w-4 text-emerald-600" aria-hidden />,
  failed: <X className="h-4 w-4 text-red-600" aria-hidden />,
};
const SCENE_WORD = { queued: "Waiting", rendering: "Rendering…", ready: "Rendered", reused: "Rendered before", failed: "Failed" };
const STATUS_WORD = {
  rendering: "Rendering the scenes",
  stitching: "Putting the scenes together",
  processing: "Preparing the video for streaming",
  ready: "In the lesson",
  failed: "Failed",
};

/** A render as it goes: a progress bar, each scene's state, the credits, and where the video is once ready. */
export function RenderPanel({ render, backHref, previewHref }: { render: RenderProgress; backHref: string; previewHref: string }) {
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" aria-labelledby="render-heading" data-testid="avatar-render">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="render-heading" className="text-sm font-semibold">
          {render.status === "ready" || render.status === "failed" ? "Last render" : "Render"}: {STATUS_WORD[render.status]}
        </h2>
        <span className="text-xs text-zinc-500">
          {render.avatarName} · {render.voiceName}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Render progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={render.percent}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-100"
      >
        <div className={`h-full ${render.status === "failed" ? "bg-red-500" : "bg-emerald-500"} transition-all`} style={{ width: `${render.percent}%` }} />
      </div>
      {render.error ? (
        <p role="alert" className="text-sm text-red-700">
          {render.error}
        </p>
      ) : null}
      <ol className="flex flex-col gap-1 text-sm">
        {render.scenes.map((s, i) => (
          <li key={i} className="flex items-start gap-2">
            {SCENE_ICON[s.state]}
            <span className="w-28 shrink-0 text-zinc-500">{SCENE_WORD[s.state]}</span>
            <span className="line-clamp-1 min-w-0 text-zinc-700">
              {i + 1}. {s.text}
            </span>
          </li>
        ))}
      </ol>
      <p className="text-xs text-zinc-500">
        {render.captured !== null
          ? `${render.captured} credits used${render.held > render.captured ? `, ${render.held - render.captured} released` : ""}.`
          : render.held
            ? `${render.held} credits held until it is done.`
            : "Nothing to pay: every scene was rendered before."}{" "}
        {render.status === "rendering" || render.status === "stitching" || render.status === "processing"
          ? "You can leave this page; the render goes on."
          : null}
      </p>
      {render.status === "ready" ? (
        <div className="flex flex-wrap gap-2 text-sm">
          <Link href={backHref} className="rounded-md bg-zinc-900 px-3 py-1.5 text-white">
            Open the lesson
          </Link>
          <Link href={previewHref} className="rounded-md border border-zinc-300 px-3 py-1.5">
            Preview as a student
          </Link>
        </div>
      ) : null}
    </section>
  );
}
