"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { ActionResult } from "@/lib/actions/result";

export type SaveStatus = "saved" | "dirty" | "saving" | "conflict" | "error";
type Snapshot = { status: SaveStatus; message: string | null; savedAt: Date | null };
type SaveFn<T> = (value: T, version: number) => Promise<ActionResult<{ version: number }>>;

/**
 * Debounced autosave that never drops an edit: the latest value is always the one saved next, and a
 * save waits for the one in flight (versions stay in order). A `conflict` (someone saved since the
 * version this editor loaded) stops autosaving and keeps the local value until the user reloads or
 * chooses to overwrite. Failures other than invalid input are retried with backoff.
 */
export class Autosaver<T> {
  private snap: Snapshot = { status: "saved", message: null, savedAt: null };
  private listeners = new Set<() => void>();
  private latest: { value: T; seq: number } | null = null;
  private seq = 0;
  private savedSeq = 0;
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private conflictVersion: number | null = null;
  private retries = 0;

  constructor(
    private save: SaveFn<T>,
    private version: number,
    private readonly delayMs: number,
  ) {}

  setSave = (fn: SaveFn<T>) => {
    this.save = fn;
  };
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = () => this.snap;
  get pending() {
    return !!this.latest && this.latest.seq > this.savedSeq;
  }
  currentVersion = () => this.version;

  private set(p: Partial<Snapshot>) {
    this.snap = { ...this.snap, ...p };
    for (const fn of this.listeners) fn();
  }

  change = (value: T) => {
    this.latest = { value, seq: ++this.seq };
    if (this.conflictVersion !== null) return;
    if (this.snap.status !== "saving") this.set({ status: "dirty" });
    this.schedule(this.delayMs);
  };

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  /** Save now (and whatever else is pending after it). */
  flush = async (): Promise<void> => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    const item = this.latest;
    if (!item || item.seq <= this.savedSeq || this.conflictVersion !== null) return;
    this.set({ status: "saving" });
    this.running = this.saveOnce(item);
    await this.running;
    this.running = null;
    if (this.pending && this.conflictVersion === null && !this.timer && this.snap.status !== "error") await this.flush();
  };

  private async saveOnce(item: { value: T; seq: number }) {
    const r: ActionResult<{ version: number }> = await this.save(item.value, this.version).catch(() => ({
      ok: false as const,
      code: "internal" as const,
      message: "You seem to be offline. Your changes are kept here and will be saved.",
    }));
    if (r.ok) {
      this.version = r.data.version;
      this.savedSeq = item.seq;
      this.retries = 0;
      this.set({ status: this.pending ? "dirty" : "saved", message: null, savedAt: new Date() });
    } else if (r.code === "conflict") {
      this.conflictVersion = r.details?.kind === "version_conflict" ? r.details.currentVersion : NaN;
      this.set({ status: "conflict", message: r.message });
    } else {
      this.set({ status: "error", message: r.message });
      if (r.code !== "invalid" && r.code !== "forbidden" && r.code !== "not_found") this.schedule(Math.min(30_000, 1000 * 2 ** ++this.retries));
    }
  }

  /**
   * The server's copy moved on through another path of this same editor (publishing bumps the version): adopt
   * it when nothing is waiting to be saved, so the next save is not taken for someone else's change.
   */
  rebase = (version: number): boolean => {
    if (this.pending || this.running || this.conflictVersion !== null || version <= this.version) return false;
    this.version = version;
    return true;
  };

  /** Keep my version: save it over the one saved elsewhere. */
  overwrite = async () => {
    if (this.conflictVersion === null || Number.isNaN(this.conflictVersion)) return;
    this.version = this.conflictVersion;
    this.conflictVersion = null;
    this.set({ message: null });
    await this.flush();
  };
}

export function useAutosave<T>(opts: { version: number; save: SaveFn<T>; delayMs?: number }) {
  const [saver] = useState(() => new Autosaver<T>(opts.save, opts.version, opts.delayMs ?? 700));
  useEffect(() => {
    saver.setSave(opts.save);
  }, [saver, opts.save]);
  const snap = useSyncExternalStore(saver.subscribe, saver.getSnapshot, saver.getSnapshot);
  // Warn before leaving with unsaved changes; save what is pending when the page is hidden or closed.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (saver.pending) e.preventDefault();
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") void saver.flush();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("visibilitychange", onHide);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("visibilitychange", onHide);
      void saver.flush();
    };
  }, [saver]);
  return { ...snap, change: saver.change, flush: saver.flush, overwrite: saver.overwrite, rebase: saver.rebase, version: saver.currentVersion };
}

export function SaveIndicator({ status }: { status: SaveStatus }) {
  const text = { saved: "Saved", dirty: "Unsaved changes…", saving: "Saving…", conflict: "Not saved: changed elsewhere", error: "Not saved — retrying" }[
    status
  ];
  const color = { saved: "text-emerald-700", dirty: "text-zinc-500", saving: "text-zinc-500", conflict: "text-red-700", error: "text-amber-700" }[status];
  return (
    <span role="status" aria-live="polite" data-testid="save-status" className={`text-xs font-medium ${color}`}>
      {text}
    </span>
  );
}

/**
 * What an autosaving editor says when a save did not land: a conflict (someone saved since) with *Reload* or
 * *Keep mine and overwrite*, or the reason a save failed (unless the form shows it under a field already).
 */
export function AutosaveNotice({
  autosave,
  showError = true,
}: {
  autosave: { status: SaveStatus; message: string | null; overwrite: () => Promise<void> };
  showError?: boolean;
}) {
  if (autosave.status === "conflict") {
    return (
      <div role="alert" className="flex flex-col gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        <p>{autosave.message}</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className="rounded bg-white px-3 py-1 ring-1 ring-red-300" onClick={() => window.location.reload()}>
            Reload the latest version
          </button>
          <button type="button" className="rounded bg-red-700 px-3 py-1 text-white" onClick={() => void autosave.overwrite()}>
            Keep mine and overwrite
          </button>
        </div>
      </div>
    );
  }
  if (autosave.status === "error" && autosave.message && showError) {
    return (
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
        {autosave.message}
      </p>
    );
  }
  return null;
}
