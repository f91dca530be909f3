"use client";
import dynamic from "next/dynamic";
import type { PlayerProps } from "./player-impl";

/**
 * The one video player (HLS from our pipeline or from Mux): hls.js — or the browser's own HLS — behind
 * media-chrome's accessible controls. It loads in its own chunk after the page; until then the poster
 * holds the space, so nothing moves.
 */
const Impl = dynamic(() => import("./player-impl").then((m) => m.PlayerImpl), { ssr: false, loading: () => <Placeholder /> });

function Placeholder({ poster }: { poster?: string | null }) {
  return (
    <div className="relative aspect-video w-full overflow-hidden rounded-lg bg-black" aria-label="Loading the video">
      {poster ? (
        // eslint-disable-next-line @next/next/no-img-element -- a signed, per-viewer URL the image optimizer cannot cache
        <img src={poster} alt="" className="size-full object-contain opacity-80" />
      ) : null}
    </div>
  );
}

export function VideoPlayer(props: PlayerProps) {
  return <Impl {...props} />;
}
export type { PlayerProps };
