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
} from "media-chrome/react";
import {
  MediaCaptionsMenu,
  MediaCaptionsMenuButton,
  MediaPlaybackRateMenu,
  MediaPlaybackRateMenuButton,
  MediaRenditionMenu,
  MediaRenditionMenuButton,
} from "media-chrome/react/menu";
import { useEffect, useRef, useState } from "react";
import type { VideoSource } from "@/lib/video/playback";

export type PlayerProps = {
  source: VideoSource;
  title: string;
  /** Resume here (seconds). */
  startAt?: number;
  /** Watch progress: called every few seconds while playing, and on pause, with the seconds played since the last call. */
  onProgress?: (p: { position: number; watched: number }) => void;
  /** The same, when the page is being left or hidden (must not wait for an answer: a beacon). */
  onLeave?: (p: { position: number; watched: number }) => void;
};

const REPORT_EVERY_MS = 10_000;
const REFRESH_EVERY_MS = 20 * 60_000;

/** Put the current token into a playback URL (`/api/video/<asset>/<token>/…`). */
function withToken(url: string, token: string | null): string {
  return token ? url.replace(/(\/api\/video\/[0-9a-f-]{36}\/)[^/]+\//, `$1${token}/`) : url;
}

export function PlayerImpl({ source: given, title, startAt = 0, onProgress, onLeave }: PlayerProps) {
  // The source the player started with stays: a page refresh hands a new token, which must not restart the
  // video (the token is renewed below, and hls.js puts the current one in every request).
  const [source] = useState(given);
  const video = useRef<HTMLVideoElement | null>(null);
  const token = useRef<string | null>(null);
  const report = useRef(onProgress);
  const leave = useRef(onLeave);
  useEffect(() => {
    report.current = onProgress;
    leave.current = onLeave;
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
    let lastPosition = -1;
    const flush = (how: "report" | "leave" = "report") => {
      const position = Math.floor(el.currentTime);
      if (watched < 1 && position === lastPosition) return;
      const send = how === "leave" ? (leave.current ?? report.current) : report.current;
      if (!send) return;
      send({ position, watched: Math.floor(watched) });
      watched -= Math.floor(watched);
      lastPosition = position;
      lastReport = Date.now();
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") flush("leave");
    };
    const onPageHide = () => flush("leave");
    const onPause = () => flush();
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
    el.addEventListener("pause", onPause);
    el.addEventListener("ended", onPause);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onHide);
    return () => {
      flush("leave");
      el.removeEventListener("loadedmetadata", onMeta);
      el.removeEventListener("timeupdate", onTime);
      el.removeEventListener("seeked", onSeeked);
      el.removeEventListener("pause", onPause);
      el.removeEventListener("ended", onPause);
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onHide);
    };
  }, [startAt]);

  return (
    <MediaController
      className="cf-player aspect-video w-full rounded-lg bg-black"
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
      {/* A large play button in the middle (what a phone user taps). */}
      <MediaPlayButton slot="centered-chrome" className="cf-center-play" />
      <MediaRenditionMenu hidden anchor="auto" />
      <MediaPlaybackRateMenu hidden anchor="auto" rates={[0.75, 1, 1.25, 1.5, 1.75, 2]} />
      {source.captions.length ? <MediaCaptionsMenu hidden anchor="auto" /> : null}
      <MediaControlBar>
        <MediaPlayButton />
        <MediaSeekBackwardButton seekOffset={10} className="cf-wide" />
        <MediaSeekForwardButton seekOffset={10} className="cf-wide" />
        <MediaTimeRange />
        <MediaTimeDisplay showDuration />
        <MediaMuteButton />
        <MediaVolumeRange className="cf-wide" />
        <MediaPlaybackRateMenuButton />
        {source.captions.length ? <MediaCaptionsMenuButton /> : null}
        <MediaRenditionMenuButton className="cf-wide" />
        <MediaPipButton className="cf-wide" />
        <MediaFullscreenButton />
      </MediaControlBar>
    </MediaController>
  );
}
