"use client";
import AwsS3 from "@uppy/aws-s3";
import Uppy from "@uppy/core";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { partSizeFor } from "@/lib/video/parts";

/**
 * Direct, resumable video upload with Uppy's S3 multipart plugin: the file goes to storage in parts on URLs
 * the app signs (`POST /api/uploads/video`); a dropped connection retries the part; a reload (or a closed
 * tab) is resumed by choosing the same file again — the upload's id is kept in this browser, and the
 * storage is asked which parts it already has.
 */
export type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; filename: string; sent: number; total: number; bytesPerSecond: number | null; paused: boolean; resumed: boolean }
  | { phase: "finishing"; filename: string }
  | { phase: "error"; filename: string; message: string };

type Saved = { key: string; uploadId: string; name: string; size: number; lastModified: number; at: number };
const memoryKey = (lessonId: string) => `cf-video-upload:${lessonId}`;

const CHANGED = "cf-video-upload-changed";
function remember(lessonId: string, saved: Saved | null) {
  if (saved) localStorage.setItem(memoryKey(lessonId), JSON.stringify(saved));
  else localStorage.removeItem(memoryKey(lessonId));
  window.dispatchEvent(new Event(CHANGED));
}

/** An unfinished upload of this lesson in this browser (within the day the storage keeps it). */
export function unfinishedUpload(lessonId: string): Saved | null {
  try {
    const s = JSON.parse(localStorage.getItem(memoryKey(lessonId)) ?? "null") as Saved | null;
    return s && Date.now() - s.at < 20 * 3600_000 ? s : null;
  } catch {
    return null;
  }
}

/** The unfinished upload of this lesson, kept current as uploads start and end (in this tab or another). */
export function useUnfinishedUpload(lessonId: string): { name: string; size: number } | null {
  const raw = useSyncExternalStore(
    (changed) => {
      window.addEventListener(CHANGED, changed);
      window.addEventListener("storage", changed);
      return () => {
        window.removeEventListener(CHANGED, changed);
        window.removeEventListener("storage", changed);
      };
    },
    () => localStorage.getItem(memoryKey(lessonId)),
    () => null,
  );
  return useMemo(() => {
    if (!raw) return null;
    const u = unfinishedUpload(lessonId);
    return u ? { name: u.name, size: u.size } : null;
  }, [raw, lessonId]);
}

async function call(org: string, body: Record<string, unknown>, signal?: AbortSignal) {
  const res = await fetch(`/api/uploads/video?org=${encodeURIComponent(org)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: string };
  if (!res.ok) throw Object.assign(new Error(json.error ?? `The upload failed (${res.status}).`), { status: res.status });
  return json;
}

export function useVideoUploader({ org, lessonId, onDone }: { org: string; lessonId: string; onDone: (assetId: string) => void }) {
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const uppy = useRef<Uppy | null>(null);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });

  useEffect(() => {
    const u = new Uppy({ autoProceed: true, allowMultipleUploadBatches: true, restrictions: { maxNumberOfFiles: 1 } });
    let speed: { at: number; bytes: number; rate: number | null } = { at: 0, bytes: 0, rate: null };
    u.use(AwsS3, {
      shouldUseMultipart: true,
      // Up to four requests at once (parts go up side by side, as browsers allow per host).
      limit: 4,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      // The server's own rule: it signs exactly these parts, each of exactly this size.
      getChunkSize: (file) => partSizeFor(file.size),
      createMultipartUpload: async (file) => {
        const r = await call(org, { op: "create", filename: file.name, size: file.size, type: file.type });
        const saved: Saved = {
          key: r.key as string,
          uploadId: r.uploadId as string,
          name: file.name ?? "",
          size: file.size ?? 0,
          lastModified: (file.data as File).lastModified ?? 0,
          at: Date.now(),
        };
        remember(lessonId, saved);
        return { key: saved.key, uploadId: saved.uploadId };
      },
      signPart: async (_file, { key, uploadId, partNumber, signal }) => {
        const r = await call(org, { op: "sign", key, uploadId, partNumbers: [partNumber] }, signal);
        return { method: "PUT" as const, url: (r.urls as Record<string, string>)[partNumber]! };
      },
      listParts: async (_file, { key, uploadId, signal }) => {
        const r = await call(org, { op: "list", key, uploadId }, signal);
        return r.parts as { PartNumber: number; ETag: string; Size: number }[];
      },
      completeMultipartUpload: async (file, { key, uploadId, parts, signal }) => {
        setState({ phase: "finishing", filename: file.name ?? "" });
        const r = await call(org, { op: "complete", key, uploadId, lessonId, parts }, signal);
        remember(lessonId, null);
        return { location: r.location as string, assetId: r.assetId as string };
      },
      abortMultipartUpload: async (_file, { key, uploadId, signal }) => {
        remember(lessonId, null);
        await call(org, { op: "abort", key, uploadId }, signal).catch(() => {});
      },
    });
    u.on("upload-progress", (file, p) => {
      if (!file) return;
      const now = Date.now();
      const sent = p.bytesUploaded ?? 0;
      if (now - speed.at >= 1000) {
        const rate = speed.at ? ((sent - speed.bytes) * 1000) / (now - speed.at) : null;
        speed = { at: now, bytes: sent, rate: rate === null ? null : speed.rate === null ? rate : speed.rate * 0.6 + rate * 0.4 };
      }
      setState((s) => ({
        phase: "uploading",
        filename: file.name ?? "",
        sent,
        total: Number(p.bytesTotal ?? file.size ?? 0),
        bytesPerSecond: speed.rate,
        paused: !!file.isPaused,
        resumed: s.phase === "uploading" ? s.resumed : !!(file as { s3Multipart?: { uploadId?: string } }).s3Multipart?.uploadId,
      }));
    });
    u.on("upload-success", (file, response) => {
      setState({ phase: "idle" });
      const assetId = (response.body as { assetId?: string } | undefined)?.assetId;
      if (file) u.removeFile(file.id);
      if (assetId) done.current(assetId);
    });
    u.on("upload-error", (file, error) => {
      setState({ phase: "error", filename: file?.name ?? "", message: error.message });
    });
    uppy.current = u;
    return () => {
      u.destroy();
      uppy.current = null;
    };
  }, [org, lessonId]);

  return {
    state,
    /** Start (or, for the same file as an unfinished upload, resume) uploading. */
    start(file: File) {
      const u = uppy.current;
      if (!u) return;
      for (const f of u.getFiles()) u.removeFile(f.id);
      const saved = unfinishedUpload(lessonId);
      const id = u.addFile({ name: file.name, type: file.type, data: file, source: "Local" });
      if (saved && saved.name === file.name && saved.size === file.size && saved.lastModified === file.lastModified)
        u.setFileState(id, { s3Multipart: { key: saved.key, uploadId: saved.uploadId } } as never);
      setState({ phase: "uploading", filename: file.name, sent: 0, total: file.size, bytesPerSecond: null, paused: false, resumed: !!saved });
      void u.upload();
    },
    pauseResume() {
      const u = uppy.current;
      const f = u?.getFiles()[0];
      if (!u || !f) return;
      const paused = u.pauseResume(f.id);
      setState((s) => (s.phase === "uploading" ? { ...s, paused: !!paused } : s));
    },
    retry() {
      const u = uppy.current;
      const f = u?.getFiles()[0];
      if (!u || !f) return setState({ phase: "idle" });
      setState({
        phase: "uploading",
        filename: f.name ?? "",
        sent: f.progress.bytesUploaded || 0,
        total: f.size ?? 0,
        bytesPerSecond: null,
        paused: false,
        resumed: true,
      });
      void u.retryUpload(f.id);
    },
    cancel() {
      const u = uppy.current;
      if (u) u.cancelAll();
      remember(lessonId, null);
      setState({ phase: "idle" });
    },
  };
}
