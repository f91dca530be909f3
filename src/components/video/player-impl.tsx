"use client";
import HlsVideo from "hls-video-element/react";
import {
  MediaControlBar,
  MediaController,
  MediaFullscreenButton,
  MediaLoadingIndicator,
  MediaMuteButton,
  MediaPipButton,
  MediaPlayButton,
  MediaSeekBackwardButton,
  MediaSeekForwardButton,
  MediaTimeDisplay,
  MediaTimeRange,
  MediaVolumeRange,
  MediaCaptionsButton,
} from "media-chrome/react";
import { MediaPlaybackRateMenu, MediaPlaybackRateMenuButton, MediaRenditionMenu, MediaRenditionMenuButton } from "media-chrome/react/menu";
import { useEffect, useRef } from "react";
import type { VideoSource } from "@/lib/video/playback";

export type PlayerProps = {
  source: VideoSource;
  title: string;
  /** Resume here (seconds). */
  startAt?: number;
  /** Watch progress: called every few seconds while playing, and on pause, with the seconds played since the last call. */
  onProgress?: (p: { position: number; watched: number }) => void;
};

const REPORT_EVERY_MS = 10_000;
const REFRESH_EVERY_MS = 20 * 60_000;

/** Put the current token into a playback URL (`/api/video/<asset>/<token>/…`). */
function withToken(url: string, token: string | null): string {
  return token ? url.replace(/(\/api\/video\/[0-9a-f-]{36}\/)[^/]+\//, `$1${token}/`) : url;
}

export function PlayerImpl({ source, title, startAt = 0, onProgress }: PlayerProps) {
  const video = useRef<HTMLVideoElement | null>(null);
  const token = useRef<string | null>(null);
  const report = useRef(onProgress);
  useEffect(() => {
    report.current = onProgress;
  });

  // A fresh playback token while the page stays open; hls.js puts it in every request it makes.
  useEffect(() => {
    if (!source.refresh) return;
    const refresh = source.refresh;
    const id = window.setInterval(async () => {
      const res = await fetch(refresh, { cache: "no-store" }).catch(() => null);
      if (res?.ok) token.current = ((await res.json()) as { token: string }).token;
    }, REFRESH_EVERY_MS);
    return () => window.clearInterval(id);
  }, [source.refresh]);

  // Resume, and count the seconds actually played (not skipped) for the watch progress.
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let last = el.currentTime;
    let watched = 0;
    let lastReport = Date.now();
    const flush = () => {
      if (!report.current || watched < 1) return;
      report.current({ position: Math.floor(el.currentTime), watched: Math.floor(watched) });
      watched -= Math.floor(watched);
      lastReport = Date.now();
    };
    const onMeta = () => {
      if (startAt > 0 && startAt < (el.duration || Infinity) - 5) el.currentTime = startAt;
      last = el.currentTime;
    };
    const onTime = () => {
      const t = el.currentTime;
      const step = t - last;
      last = t;
      if (!el.paused && !el.seeking && step > 0 && step < 2) watched += step;
      if (Date.now() - lastReport >= REPORT_EVERY_MS) flush();
    };
    const onSeeked = () => {
      last = el.currentTime;
    };
    el.addEventListener("loadedmetadata", onMeta);
    el.addEventListener("timeupdate", onTime);
    el.addEventListener("seeked", onSeeked);
    el.addEventListener("pause", flush);
    el.addEventListener("ended", flush);
    window.addEventListener("pagehide", flush);
    return () => {
      flush();
      el.removeEventListener("loadedmetadata", onMeta);
      el.removeEventListener("timeupdate", onTime);
      el.removeEventListener("seeked", onSeeked);
      el.removeEventListener("pause", flush);
      el.removeEventListener("ended", flush);
      window.removeEventListener("pagehide", flush);
    };
  }, [startAt]);

  return (
    <MediaController
      className="aspect-video w-full overflow-hidden rounded-lg bg-black"
      style={{ "--media-range-bar-color": "var(--brand, #4f46e5)", "--media-accent-color": "var(--brand, #4f46e5)" } as React.CSSProperties}
      data-testid="video-player"
    >
      <HlsVideo
        ref={video as never}
        slot="media"
        src={source.src}
        poster={source.poster ?? undefined}
        crossOrigin=""
        playsInline
        preload="metadata"
        aria-label={title}
        config={{
          xhrSetup: (xhr: XMLHttpRequest, url: string) => {
            xhr.open("GET", withToken(url, token.current), true);
          },
        }}
      >
        {source.thumbnails ? <track kind="metadata" label="thumbnails" src={source.thumbnails} default /> : null}
        {source.captions.map((c, i) => (
          <track key={c.lang} kind="captions" srcLang={c.lang} label={c.label} src={c.src} default={i === 0 ? undefined : undefined} />
        ))}
      </HlsVideo>
      <MediaLoadingIndicator slot="centered-chrome" noAutohide />
      <MediaRenditionMenu hidden anchor="auto" />
      <MediaPlaybackRateMenu hidden anchor="auto" rates={[0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]} />
      <MediaControlBar>
        <MediaPlayButton />
        <MediaSeekBackwardButton seekOffset={10} />
        <MediaSeekForwardButton seekOffset={10} />
        <MediaTimeRange />
        <MediaTimeDisplay showDuration />
        <MediaMuteButton />
        <MediaVolumeRange />
        <MediaPlaybackRateMenuButton />
        {source.captions.length ? <MediaCaptionsButton /> : null}
        <MediaRenditionMenuButton />
        <MediaPipButton />
        <MediaFullscreenButton />
      </MediaControlBar>
    </MediaController>
  );
}
