"use client";
import { ImageIcon, Pause, Play, RefreshCw, Upload, X } from "lucide-react";
import { useRouter } from "next/navigation";
import prettyBytes from "pretty-bytes";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { setVideoPosterAction } from "@/actions/media/set-video-poster";
import { videoStatusAction } from "@/actions/media/video-status";
import { useOrg } from "@/components/dashboard/org-context";
import { VideoPlayer } from "@/components/video/video-player";
import type { VideoSource } from "@/lib/video/playback";
import { UploadProgress, useUpload } from "./upload-progress";
import { CaptionTracks } from "./video-captions";
import { MuxAttach, MuxImport } from "./video-mux";
import { useUnfinishedUpload, useVideoUploader, type UploadState } from "./video-uploader";

export type BuilderVideo = {
  id: string;
  status: "uploading" | "processing" | "ready" | "failed";
  progress: number;
  error: string | null;
  filename: string;
  durationSeconds: number | null;
  source: VideoSource | null;
  hasOwnPoster: boolean;
  captions: { lang: string; label: string }[];
  provider: "storage" | "mux";
  muxSigned: boolean;
};

const ACCEPT = "video/mp4,video/quicktime,video/webm,video/x-matroska,video/x-msvideo,.mp4,.m4v,.mov,.webm,.mkv,.avi";
const duration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, "0")}`;
function timeLeft(bytes: number, rate: number | null): string | null {
  if (!rate || rate <= 0) return null;
  const s = Math.ceil(bytes / rate);
  return s < 60 ? `${s} s left` : s < 3600 ? `${Math.ceil(s / 60)} min left` : `${Math.floor(s / 3600)} h ${Math.ceil((s % 3600) / 60)} min left`;
}

/**
 * A video lesson in the builder: upload (progress, speed, time left, pause, cancel; resumable), then
 * processing with its percent, then the player — with "Replace video", the poster and caption tracks.
 */
export function VideoLesson({
  lesson,
  video,
  replacement,
  maxGb,
  muxConnected,
}: {
  lesson: { id: string; title: string };
  video: BuilderVideo | null;
  replacement: BuilderVideo | null;
  maxGb: number;
  muxConnected: boolean;
}) {
  const org = useOrg();
  const router = useRouter();
  const uploader = useVideoUploader({
    org,
    lessonId: lesson.id,
    onDone: () => {
      toast.success("Video uploaded", { description: "It is being prepared for streaming; this page shows the progress." });
      router.refresh();
    },
  });
  const pending = useUnfinishedUpload(lesson.id);

  const picker = useRef<HTMLInputElement>(null);
  const choose = () => picker.current?.click();
  const replace = () => {
    const loses = [video?.hasOwnPoster ? "its poster" : null, video?.captions.length ? "its captions" : null].filter(Boolean);
    if (loses.length && !window.confirm(`The new video will not have ${loses.join(" or ")} (they belong to the current video). Replace it?`)) return;
    choose();
  };
  const input = (
    <input
      ref={picker}
      type="file"
      accept={ACCEPT}
      className="sr-only"
      aria-label="Choose a video file"
      data-testid="video-file"
      onChange={(e) => {
        const f = e.currentTarget.files?.[0];
        e.currentTarget.value = "";
        if (f) uploader.start(f);
      }}
    />
  );

  const busy = uploader.state.phase !== "idle";
  return (
    <div className="flex flex-col gap-3" data-testid="video-lesson">
      {input}
      {replacement && !busy ? (
        <div className="flex flex-col gap-1" data-testid="video-replacement">
          <p className="text-sm text-zinc-700">Replacement: students keep seeing the current video until “{replacement.filename}” is ready.</p>
          <VideoState
            key={`${replacement.id}:${replacement.status}`}
            video={replacement}
            title={lesson.title}
            onReady={() => router.refresh()}
            onRetry={choose}
            compact
          />
        </div>
      ) : null}
      {busy ? (
        <UploadBox
          state={uploader.state}
          onPause={uploader.pauseResume}
          onCancel={uploader.cancel}
          onRetry={uploader.retry}
          onChoose={() => {
            uploader.cancel();
            choose();
          }}
        />
      ) : video ? (
        <VideoState key={`${video.id}:${video.status}`} video={video} title={lesson.title} onReady={() => router.refresh()} onRetry={choose} />
      ) : (
        <div className="flex aspect-video flex-col items-center justify-center gap-3 rounded-lg border border-dashed border-zinc-300 bg-zinc-50 p-6 text-center text-sm text-zinc-600">
          <p className="font-medium text-zinc-800">Add this lesson&apos;s video</p>
          <p>MP4, MOV, WebM, MKV or AVI, up to {maxGb} GB. It is streamed to students in the quality their connection allows.</p>
          <button type="button" onClick={choose} className="inline-flex items-center gap-2 rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white">
            <Upload aria-hidden className="size-4" /> Upload a video
          </button>
          <MuxAttach lessonId={lesson.id} connected={muxConnected} />
        </div>
      )}
      {pending && !busy ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="upload-unfinished">
          The upload of “{pending.name}” ({prettyBytes(pending.size)}) did not finish.{" "}
          <button type="button" onClick={choose} className="font-medium underline">
            Choose the same file
          </button>{" "}
          to continue where it stopped.
        </p>
      ) : null}
      {video && !busy ? (
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={replace}
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50"
          >
            <RefreshCw aria-hidden className="size-4" /> Replace video
          </button>
          {video.status === "ready" ? <PosterButton videoId={video.id} hasOwn={video.hasOwnPoster} /> : null}
          {video.provider === "mux" ? <MuxImport videoId={video.id} connected={muxConnected} /> : null}
        </div>
      ) : null}
      {video && video.status === "ready" && video.provider === "storage" && !busy ? <CaptionTracks videoId={video.id} captions={video.captions} /> : null}
    </div>
  );
}

function UploadBox({
  state,
  onPause,
  onCancel,
  onRetry,
  onChoose,
}: {
  state: UploadState;
  onPause: () => void;
  onCancel: () => void;
  onRetry: () => void;
  onChoose: () => void;
}) {
  if (state.phase === "idle") return null;
  const pct = state.phase === "uploading" && state.total ? Math.floor((state.sent / state.total) * 100) : state.phase === "finishing" ? 100 : 0;
  return (
    <div className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" data-testid="video-upload">
      <div className="flex items-center justify-between gap-2">
        <p className="truncate text-sm font-medium">{state.filename}</p>
        {state.phase === "uploading" ? (
          <div className="flex gap-1">
            <button type="button" onClick={onPause} className="rounded p-1.5 hover:bg-zinc-100" aria-label={state.paused ? "Resume upload" : "Pause upload"}>
              {state.paused ? <Play aria-hidden className="size-4" /> : <Pause aria-hidden className="size-4" />}
            </button>
            <button type="button" onClick={onCancel} className="rounded p-1.5 hover:bg-zinc-100" aria-label="Cancel upload">
              <X aria-hidden className="size-4" />
            </button>
          </div>
        ) : null}
      </div>
      {state.phase === "error" ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-2 text-sm text-red-700">
          <span>{state.message}</span>
          <span className="flex gap-2">
            <button type="button" onClick={onRetry} className="rounded-md border border-zinc-300 px-3 py-1 text-zinc-800">
              Try again
            </button>
            <button type="button" onClick={onChoose} className="rounded-md border border-zinc-300 px-3 py-1 text-zinc-800">
              Choose another file
            </button>
            <button type="button" onClick={onCancel} className="rounded-md px-3 py-1 text-zinc-600">
              Cancel
            </button>
          </span>
        </div>
      ) : (
        <>
          <UploadProgress progress={pct / 100} label="Uploading video" />
          <p className="text-xs text-zinc-600" aria-live="polite">
            {state.phase === "finishing"
              ? "Checking the file…"
              : `${pct}% · ${prettyBytes(state.sent)} of ${prettyBytes(state.total)}${state.bytesPerSecond ? ` · ${prettyBytes(state.bytesPerSecond)}/s` : ""}${
                  state.paused
                    ? " · paused"
                    : timeLeft(state.total - state.sent, state.bytesPerSecond)
                      ? ` · ${timeLeft(state.total - state.sent, state.bytesPerSecond)}`
                      : ""
                }${state.resumed ? " · resumed" : ""}`}
          </p>
        </>
      )}
    </div>
  );
}

/** The uploaded video: its processing (polled until ready or failed), its failure, or the player. */
function VideoState({
  video,
  title,
  onReady,
  onRetry,
  compact = false,
}: {
  video: BuilderVideo;
  title: string;
  onReady: () => void;
  onRetry: () => void;
  compact?: boolean;
}) {
  const org = useOrg();
  const [live, setLive] = useState({ status: video.status, progress: video.progress, error: video.error });
  useEffect(() => {
    if (live.status !== "processing" && live.status !== "uploading") return;
    const id = window.setInterval(async () => {
      const r = await videoStatusAction({ org, videoId: video.id });
      if (!r.ok) return;
      setLive(r.data);
      if (r.data.status === "ready" || r.data.status === "failed") onReady();
    }, 2500);
    return () => window.clearInterval(id);
  }, [live.status, org, video.id, onReady]);

  if (live.status === "ready" && video.source)
    return (
      <div className="flex flex-col gap-1">
        <VideoPlayer source={video.source} title={title} />
        {video.provider === "mux" ? (
          <p className="text-xs text-zinc-500">
            Streams from Mux{video.muxSigned ? " with signed playback" : " (public playback ID: anyone with its address can watch it)"}.
          </p>
        ) : null}
      </div>
    );
  if (live.status === "ready" && video.provider === "mux")
    return (
      <div
        role="alert"
        className="flex aspect-video flex-col items-center justify-center gap-2 rounded-lg border border-amber-200 bg-amber-50 p-6 text-center text-sm text-amber-900"
      >
        <p className="font-medium">This Mux video uses signed playback</p>
        <p>Add your Mux signing key in Settings → Video so students can play it.</p>
      </div>
    );
  if (live.status === "failed")
    return (
      <div
        role="alert"
        className={`flex flex-col items-center justify-center gap-2 rounded-lg border border-red-200 bg-red-50 p-6 text-center text-sm text-red-800 ${compact ? "" : "aspect-video"}`}
      >
        <p className="font-medium">This video could not be processed</p>
        <p>{live.error ?? "Something went wrong."}</p>
        <button type="button" onClick={onRetry} className="rounded-md bg-white px-3 py-1.5 font-medium text-zinc-900 ring-1 ring-zinc-300">
          Upload another file
        </button>
      </div>
    );
  return (
    <div
      className={`flex flex-col items-center justify-center gap-3 rounded-lg bg-zinc-900 p-6 text-sm text-zinc-100 ${compact ? "" : "aspect-video"}`}
      data-testid="video-processing"
    >
      <p className="font-medium">Preparing “{video.filename}” for streaming…</p>
      <div className="w-2/3">
        <div
          className="h-1.5 rounded-full bg-zinc-700"
          role="progressbar"
          aria-label="Processing video"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={live.progress}
        >
          <div className="h-1.5 rounded-full bg-white transition-all" style={{ width: `${Math.max(3, live.progress)}%` }} />
        </div>
      </div>
      <p className="text-xs text-zinc-400">
        {live.progress}%{video.durationSeconds ? ` · ${duration(video.durationSeconds)} long` : ""} · you can leave this page; it carries on.
      </p>
    </div>
  );
}

function PosterButton({ videoId, hasOwn }: { videoId: string; hasOwn: boolean }) {
  const org = useOrg();
  const router = useRouter();
  const { progress, upload } = useUpload("image");
  const id = useId();
  return (
    <>
      <label
        htmlFor={id}
        className="inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm focus-within:ring-2 focus-within:ring-zinc-400 hover:bg-zinc-50"
      >
        <ImageIcon aria-hidden className="size-4" /> {hasOwn ? "Change poster" : "Set poster"}
        <input
          id={id}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          className="sr-only"
          onChange={async (e) => {
            const up = await upload(e.currentTarget);
            if (!up) return;
            const r = await setVideoPosterAction({ org, videoId, imageId: up.id });
            if (r.ok) {
              toast.success("Poster set");
              router.refresh();
            } else toast.error(r.message);
          }}
        />
      </label>
      {hasOwn ? (
        <button
          type="button"
          className="text-sm text-zinc-600 underline"
          onClick={async () => {
            const r = await setVideoPosterAction({ org, videoId, imageId: null });
            if (r.ok) router.refresh();
            else toast.error(r.message);
          }}
        >
          Use a frame of the video
        </button>
      ) : null}
      <div className="w-full">
        <UploadProgress progress={progress} label="Uploading poster" />
      </div>
    </>
  );
}
