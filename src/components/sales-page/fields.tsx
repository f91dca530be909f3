"use client";
import { ArrowDown, ArrowUp, ImageUp, Plus, Trash2, X } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import { UploadProgress, useUpload } from "@/components/builder/upload-progress";
import { Button } from "@/components/ui/button";

/** The sales-page editor's building blocks: a titled section, an editable list, a photo picker. */
export function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" aria-label={title}>
      <div>
        <h2 className="font-semibold">{title}</h2>
        <p className="text-xs text-zinc-500">{hint}</p>
      </div>
      {children}
    </section>
  );
}

/** A list of items a creator adds, reorders (buttons, so the keyboard works) and removes. */
export function ListEditor<T>({
  items,
  onChange,
  blank,
  max,
  addLabel,
  itemLabel,
  render,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  blank: () => T;
  max: number;
  addLabel: string;
  itemLabel: (i: number) => string;
  render: (item: T, update: (v: T) => void, i: number) => ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Where focus goes once the list has re-rendered: it follows the item moved, lands in the item added, and
  // after a remove goes to the next item (never onto another Remove button, where a second Enter would delete it).
  const pendingFocus = useRef<{ index: number; what: "input" | "up" | "down" } | null>(null);
  const setFocusNext = (f: { index: number; what: "input" | "up" | "down" } | null) => {
    pendingFocus.current = f;
  };
  // After every render: the list the parent re-rendered is in the DOM now.
  useEffect(() => {
    const focusNext = pendingFocus.current;
    if (!focusNext) return;
    pendingFocus.current = null;
    const row = list.current?.querySelectorAll<HTMLElement>("[data-item]")[focusNext.index];
    const target =
      focusNext.what === "input"
        ? row?.querySelector<HTMLElement>("input, textarea")
        : row?.querySelector<HTMLElement>(`[data-move=${focusNext.what}]:not(:disabled)`);
    (target ?? row?.querySelector<HTMLElement>("input, textarea") ?? addButton.current)?.focus();
  });
  const move = (i: number, by: number) => {
    const next = [...items];
    const [it] = next.splice(i, 1);
    next.splice(i + by, 0, it as T);
    onChange(next);
    setFocusNext({ index: i + by, what: by < 0 ? "up" : "down" });
  };
  return (
    <div ref={list} className="flex flex-col divide-y divide-zinc-100">
      {items.length === 0 ? <p className="pb-3 text-sm text-zinc-500">None yet.</p> : null}
      {items.map((item, i) => (
        <div key={i} data-item className="flex gap-2 py-3 first:pt-0">
          <div className="min-w-0 flex-1">{render(item, (v) => onChange(items.map((x, j) => (j === i ? v : x))), i)}</div>
          <div className="flex shrink-0 items-start gap-0.5">
            <IconButton label={`Move ${itemLabel(i)} up`} move="up" disabled={i === 0} onClick={() => move(i, -1)}>
              <ArrowUp className="h-4 w-4" aria-hidden />
            </IconButton>
            <IconButton label={`Move ${itemLabel(i)} down`} move="down" disabled={i === items.length - 1} onClick={() => move(i, 1)}>
              <ArrowDown className="h-4 w-4" aria-hidden />
            </IconButton>
            <IconButton
              label={`Remove ${itemLabel(i)}`}
              onClick={() => {
                onChange(items.filter((_, j) => j !== i));
                setFocusNext(items.length > 1 ? { index: Math.min(i, items.length - 2), what: "input" } : null);
                if (items.length === 1) addButton.current?.focus();
              }}
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </IconButton>
          </div>
        </div>
      ))}
      {items.length < max ? (
        <Button
          ref={addButton}
          type="button"
          size="sm"
          variant="outline"
          className="mt-3 self-start"
          onClick={() => {
            onChange([...items, blank()]);
            setFocusNext({ index: items.length, what: "input" });
          }}
        >
          <Plus className="h-4 w-4" aria-hidden /> {addLabel}
        </Button>
      ) : null}
    </div>
  );
}

function IconButton({
  label,
  onClick,
  disabled,
  move,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  move?: "up" | "down";
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      data-move={move}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-400 focus-visible:outline-none disabled:opacity-30"
    >
      {children}
    </button>
  );
}

export function PhotoPicker({ label, url, onChange }: { label: string; url: string | null; onChange: (url: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { progress, upload } = useUpload("image");
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        {url ? (
          // eslint-disable-next-line @next/next/no-img-element -- the creator's own upload
          <img src={url} alt="" width={48} height={48} className="h-12 w-12 rounded-full border border-zinc-200 object-cover" />
        ) : (
          <span className="flex h-12 w-12 items-center justify-center rounded-full border border-dashed border-zinc-300 text-[10px] text-zinc-500">
            No photo
          </span>
        )}
        <Button type="button" size="sm" variant="outline" disabled={progress !== null} onClick={() => input.current?.click()}>
          <ImageUp className="h-4 w-4" aria-hidden />{" "}
          {progress !== null ? "Uploading…" : url ? `Replace ${label.toLowerCase()}` : `Upload ${label.toLowerCase()}`}
        </Button>
        {url ? (
          <Button type="button" size="sm" variant="outline" onClick={() => onChange(null)} aria-label={`Remove ${label.toLowerCase()}`}>
            <X className="h-4 w-4" aria-hidden />
          </Button>
        ) : null}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
        className="hidden"
        aria-label={`${label} file`}
        onChange={async (e) => {
          const up = await upload(e.currentTarget);
          if (up) onChange(up.url);
        }}
      />
      <UploadProgress progress={progress} label={`Uploading ${label.toLowerCase()}`} />
    </div>
  );
}
