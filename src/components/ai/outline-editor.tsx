"use client";
import { ArrowDown, ArrowUp, Loader2, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { regenerateOutlinePartAction } from "@/actions/ai/regenerate-outline-part";
import { updateOutlineAction } from "@/actions/ai/update-outline";
import { Button } from "@/components/ui/button";
import { MAX_LESSONS_PER_MODULE, MAX_MODULES } from "@/lib/ai/course/brief";
import { newKey, type Outline } from "@/lib/ai/course/outline";

/** A module or lesson whose title is blank (the server would refuse the outline). */
const untitled = (o: Outline) => !o.title.trim() || o.modules.some((m) => !m.title.trim() || m.lessons.some((l) => !l.title.trim()));

const move = <T,>(list: T[], from: number, to: number) => {
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x!);
  return next;
};

/**
 * Step 2 of the wizard: the outline to review. Modules and lessons are renamed in place, moved up and down,
 * added and removed; each edit is saved a moment later (checked against the version it was made on). One
 * module or lesson can be written again with a note; it shows as busy until the new one replaces it.
 */
export function OutlineEditor(props: {
  org: string;
  generationId: string;
  outline: Outline;
  version: number;
  pendingParts: string[];
  onSaved: (version: number) => void;
  onStarted: () => void;
  onDirty: (saving: boolean) => void;
}) {
  const { org, generationId, pendingParts } = props;
  const [o, setO] = useState(props.outline);
  const [version, setVersion] = useState(props.version);
  const [dirty, setDirty] = useState(false);
  const [noteFor, setNoteFor] = useState<{ moduleKey: string; lessonKey: string | null } | null>(null);
  const [note, setNote] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ o, version });
  useEffect(() => {
    latest.current = { o, version };
  }, [o, version]);

  // Edits not yet saved are kept in this browser too (a reload within the save delay loses nothing).
  const keptKey = `cf:ai-outline:${generationId}`;
  useEffect(() => {
    try {
      const kept = JSON.parse(localStorage.getItem(keptKey) ?? "null") as { version: number; outline: Outline } | null;
      if (kept && kept.version === props.version && JSON.stringify(kept.outline) !== JSON.stringify(props.outline)) {
        // Browser storage exists only after mount: the kept edits are put back, then saved.
        // eslint-disable-next-line react-hooks/set-state-in-effect
        setO(kept.outline);
        setDirty(true);
        props.onDirty(true);
        latest.current = { o: kept.outline, version: props.version };
        if (!untitled(kept.outline)) timer.current = setTimeout(() => void save(), 100);
      } else localStorage.removeItem(keptKey);
    } catch {
      // nothing kept
    }
    // Only on opening the editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (!dirty) return;
    try {
      localStorage.setItem(keptKey, JSON.stringify({ version, outline: o }));
    } catch {
      // storage full or blocked: the leave-page prompt still guards the typing
    }
  }, [dirty, o, version, keptKey]);

  // A newer outline from the server (a part rewritten, another tab) replaces ours when we have nothing unsaved.
  useEffect(() => {
    if (!dirty && props.version !== version) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setO(props.outline);
      setVersion(props.version);
    }
  }, [props.outline, props.version, dirty, version]);

  async function save(): Promise<boolean> {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { o: outline, version: expectedVersion } = latest.current;
    const r = await updateOutlineAction({ org, generationId, expectedVersion, outline });
    if (!r.ok) {
      toast.error(r.message);
      props.onDirty(false);
      return false;
    }
    setVersion(r.data.version);
    setDirty(false);
    try {
      localStorage.removeItem(keptKey);
    } catch {
      // ignore
    }
    props.onDirty(false);
    props.onSaved(r.data.version);
    return true;
  }

  function edit(next: Outline) {
    setO(next);
    setDirty(true);
    props.onDirty(true);
    if (timer.current) clearTimeout(timer.current);
    // A blank title is not saved (and approving waits) until it has one again.
    if (untitled(next)) return;
    timer.current = setTimeout(() => void save(), 500);
  }

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  async function rewrite(moduleKey: string, lessonKey: string | null) {
    if (dirty && !(await save())) return;
    const r = await regenerateOutlinePartAction({ org, generationId, moduleKey, lessonKey, note });
    if (!r.ok) return void toast.error(r.message);
    setNoteFor(null);
    setNote("");
    props.onStarted();
  }

  const setModule = (mi: number, patch: Partial<Outline["modules"][number]>) =>
    edit({ ...o, modules: o.modules.map((m, i) => (i === mi ? { ...m, ...patch } : m)) });
  const busy = (key: string) => pendingParts.includes(key);

  const noteBox = (moduleKey: string, lessonKey: string | null) =>
    noteFor && noteFor.moduleKey === moduleKey && noteFor.lessonKey === lessonKey ? (
      <div className="mt-2 flex flex-col gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 sm:flex-row sm:items-start">
        <label className="sr-only" htmlFor={`note-${lessonKey ?? moduleKey}`}>
          What should change?
        </label>
        <textarea
          id={`note-${lessonKey ?? moduleKey}`}
          autoFocus
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="What should change? (optional) e.g. more hands-on, fewer lessons"
          className="flex-1 rounded-md border border-zinc-300 px-3 py-2 text-sm"
        />
        <div className="flex gap-2">
          <Button type="button" size="sm" onClick={() => void rewrite(moduleKey, lessonKey)}>
            Rewrite
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setNoteFor(null)}>
            Cancel
          </Button>
        </div>
      </div>
    ) : null;

  return (
    <div className="flex flex-col gap-4" data-testid="outline-editor">
      <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4">
        <label htmlFor="outline-title" className="text-xs font-medium text-zinc-500">
          Course title
        </label>
        <input
          id="outline-title"
          className="h-10 rounded-md border border-zinc-300 px-3 text-lg font-semibold"
          maxLength={200}
          value={o.title}
          onChange={(e) => edit({ ...o, title: e.target.value })}
        />
        <label htmlFor="outline-subtitle" className="text-xs font-medium text-zinc-500">
          Subtitle
        </label>
        <input
          id="outline-subtitle"
          className="h-9 rounded-md border border-zinc-300 px-3 text-sm"
          maxLength={300}
          value={o.subtitle}
          onChange={(e) => edit({ ...o, subtitle: e.target.value })}
        />
      </div>
      <ol className="flex flex-col gap-3">
        {o.modules.map((m, mi) => (
          <li key={m.key} className="rounded-lg border border-zinc-200 bg-white p-4" data-testid="outline-module" aria-busy={busy(m.key)}>
            <div className="flex flex-wrap items-center gap-1">
              <span className="text-xs font-medium text-zinc-500">Module {mi + 1}</span>
              <input
                aria-label={`Module ${mi + 1} title`}
                className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 px-3 font-medium"
                maxLength={200}
                value={m.title}
                disabled={busy(m.key)}
                onChange={(e) => setModule(mi, { title: e.target.value })}
              />
              <IconBtn label={`Move module “${m.title}” up`} onClick={() => edit({ ...o, modules: move(o.modules, mi, mi - 1) })} disabled={mi === 0}>
                <ArrowUp className="h-4 w-4" />
              </IconBtn>
              <IconBtn
                label={`Move module “${m.title}” down`}
                onClick={() => edit({ ...o, modules: move(o.modules, mi, mi + 1) })}
                disabled={mi === o.modules.length - 1}
              >
                <ArrowDown className="h-4 w-4" />
              </IconBtn>
              {busy(m.key) ? (
                <span className="flex items-center gap-1 px-2 text-xs text-zinc-500">
                  <Loader2 className="h-3 w-3 animate-spin" aria-hidden /> Rewriting…
                </span>
              ) : (
                <IconBtn label={`Rewrite module “${m.title}”`} onClick={() => setNoteFor({ moduleKey: m.key, lessonKey: null })}>
                  <RefreshCw className="h-4 w-4" />
                </IconBtn>
              )}
              <IconBtn
                label={`Remove module “${m.title}”`}
                onClick={() => edit({ ...o, modules: o.modules.filter((_, i) => i !== mi) })}
                disabled={o.modules.length === 1 || busy(m.key)}
              >
                <Trash2 className="h-4 w-4" />
              </IconBtn>
            </div>
            {noteBox(m.key, null)}
            <ol className="mt-3 flex flex-col gap-1.5 pl-4">
              {m.lessons.map((l, li) => (
                <li key={l.key} data-testid="outline-lesson" aria-busy={busy(l.key)}>
                  <div className="flex flex-wrap items-center gap-1">
                    <input
                      aria-label={`Lesson ${mi + 1}.${li + 1} title`}
                      className="h-8 min-w-0 flex-1 rounded-md border border-zinc-200 px-2 text-sm"
                      maxLength={200}
                      value={l.title}
                      disabled={busy(l.key) || busy(m.key)}
                      onChange={(e) => setModule(mi, { lessons: m.lessons.map((x, i) => (i === li ? { ...x, title: e.target.value } : x)) })}
                    />
                    <IconBtn label={`Move lesson “${l.title}” up`} onClick={() => setModule(mi, { lessons: move(m.lessons, li, li - 1) })} disabled={li === 0}>
                      <ArrowUp className="h-3.5 w-3.5" />
                    </IconBtn>
                    <IconBtn
                      label={`Move lesson “${l.title}” down`}
                      onClick={() => setModule(mi, { lessons: move(m.lessons, li, li + 1) })}
                      disabled={li === m.lessons.length - 1}
                    >
                      <ArrowDown className="h-3.5 w-3.5" />
                    </IconBtn>
                    {busy(l.key) ? (
                      <span className="flex items-center gap-1 px-2 text-xs text-zinc-500">
                        <Loader2 className="h-3 w-3 animate-spin" aria-hidden /> Rewriting…
                      </span>
                    ) : (
                      <IconBtn label={`Rewrite lesson “${l.title}”`} onClick={() => setNoteFor({ moduleKey: m.key, lessonKey: l.key })} disabled={busy(m.key)}>
                        <RefreshCw className="h-3.5 w-3.5" />
                      </IconBtn>
                    )}
                    <IconBtn
                      label={`Remove lesson “${l.title}”`}
                      onClick={() => setModule(mi, { lessons: m.lessons.filter((_, i) => i !== li) })}
                      disabled={m.lessons.length === 1 || busy(m.key)}
                    >
                      <Trash2 className="h-3.5 w-3.5" />
                    </IconBtn>
                  </div>
                  {l.summary ? <p className="px-2 pt-0.5 text-xs text-zinc-500">{l.summary}</p> : null}
                  {noteBox(m.key, l.key)}
                </li>
              ))}
            </ol>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="mt-2"
              disabled={busy(m.key) || m.lessons.length >= MAX_LESSONS_PER_MODULE}
              onClick={() => setModule(mi, { lessons: [...m.lessons, { key: newKey(), title: "New lesson", summary: "" }] })}
            >
              <Plus className="h-4 w-4" aria-hidden /> Add lesson
            </Button>
          </li>
        ))}
      </ol>
      <Button
        type="button"
        variant="outline"
        className="self-start"
        disabled={o.modules.length >= MAX_MODULES}
        onClick={() =>
          edit({
            ...o,
            modules: [...o.modules, { key: newKey(), title: "New module", summary: "", lessons: [{ key: newKey(), title: "New lesson", summary: "" }] }],
          })
        }
      >
        <Plus className="h-4 w-4" aria-hidden /> Add module
      </Button>
      <p className={`text-xs ${untitled(o) ? "text-red-700" : "text-zinc-500"}`} aria-live="polite" role={untitled(o) ? "alert" : undefined}>
        {untitled(o) ? "Give every module and lesson a title: changes are saved once none is blank." : dirty ? "Saving…" : "All changes saved."}
      </p>
    </div>
  );
}

export type OutlineEditorSave = () => Promise<boolean>;

function IconBtn({ label, onClick, disabled = false, children }: { label: string; onClick: () => void; disabled?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-30"
    >
      {children}
    </button>
  );
}
