"use client";
import { useEffect, useRef, useState } from "react";

/**
 * A free-preview lesson played in place on a sales page: a lazy iframe (it loads when its curriculum row is
 * opened) that takes the height of the lesson it shows — same origin, so it is measured directly — between
 * a small minimum and most of a screen (longer lessons scroll inside, with "Open in the course player").
 */
export function PreviewFrame({ src, title }: { src: string; title: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let watch: ResizeObserver | null = null;
    const fit = () => {
      const doc = frame.contentDocument;
      if (!doc?.body) return;
      setHeight(Math.min(Math.max(doc.documentElement.scrollHeight, 120), Math.round(window.innerHeight * 0.75)));
    };
    const onLoad = () => {
      fit();
      watch?.disconnect();
      const body = frame.contentDocument?.body;
      if (body) {
        watch = new ResizeObserver(fit);
        watch.observe(body);
      }
    };
    frame.addEventListener("load", onLoad);
    if (frame.contentDocument?.readyState === "complete" && frame.contentDocument.body?.childElementCount) onLoad();
    // Folding the row away stops a video playing in the preview (it would go on, unseen, with its sound).
    const details = frame.closest("details");
    const onToggle = () => {
      if (details && !details.open) frame.contentDocument?.querySelectorAll<HTMLMediaElement>("video, hls-video").forEach((v) => v.pause());
    };
    details?.addEventListener("toggle", onToggle);
    return () => {
      frame.removeEventListener("load", onLoad);
      details?.removeEventListener("toggle", onToggle);
      watch?.disconnect();
    };
  }, []);
  return (
    <iframe
      ref={ref}
      src={src}
      loading="lazy"
      title={title}
      style={height ? { height } : undefined}
      className="h-72 w-full border-t border-zinc-100 bg-white"
      data-testid="preview-frame"
    />
  );
}
