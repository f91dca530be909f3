"use client";
import { FileText, Loader2, Sparkles, Upload, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { estimateGenerationAction } from "@/actions/ai/estimate-generation";
import { startGenerationAction } from "@/actions/ai/start-generation";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ChoiceField, CountInput } from "./brief-fields";
import { MAX_LESSONS_PER_MODULE, MAX_MODULES } from "@/lib/ai/course/brief";
import { AUDIENCE_PRESETS, LANGUAGES, LEVELS, STYLES, TONES, type Language, type Level, type Style, type Tone } from "@/lib/ai/prompts/presets";

type Draft = {
  topic: string;
  audience: string;
  level: Level;
  outcomes: string;
  modules: number;
  lessonsPerModule: number;
  tone: Tone;
  style: Style;
  language: Language;
  quizzes: boolean;
  sourceText: string;
  sourceName: string;
};
const EMPTY: Draft = {
  topic: "",
  audience: "",
  level: "beginner",
  outcomes: "",
  modules: 4,
  lessonsPerModule: 4,
  tone: "friendly",
  style: "practical",
  language: "en",
  quizzes: true,
  sourceText: "",
  sourceName: "",
};
const input = "h-10 rounded-md border border-zinc-300 bg-white px-3 text-sm";
const MB = 1024 * 1024;

/** The brief as the action takes it. */
const toBrief = (d: Draft, org: string) => ({
  org,
  topic: d.topic,
  audience: d.audience,
  level: d.level,
  outcomes: d.outcomes
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean),
  modules: d.modules,
  lessonsPerModule: d.lessonsPerModule,
  tone: d.tone,
  style: d.style,
  language: d.language,
  quizzes: d.quizzes,
  sourceText: d.sourceText.trim() || undefined,
  sourceName: d.sourceName || undefined,
});

/**
 * Step 1 of the wizard: what the course is about, for whom, how big and in what voice, with optional source
 * material (pasted, or a PDF / Markdown / text file read on the server). The credit estimate follows the
 * brief as it changes; a short balance is said before anything runs. Typing is kept in this browser until
 * the run starts.
 */
export function BriefForm({ available }: { available: number }) {
  const org = useOrg();
  const router = useRouter();
  const storageKey = `cf:ai-brief:${org}`;
  const [d, setD] = useState<Draft>(EMPTY);
  const [restored, setRestored] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [estimate, setEstimate] = useState<{ typical: number; hold: number; available: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{ name: string; percent: number } | null>(null);
  const [sourceNote, setSourceNote] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey) ?? "null") as Draft | null;
      if (kept && typeof kept === "object") {
        // Browser storage exists only after mount (the server render cannot know it).
        // eslint-disable-next-line react-hooks/set-state-in-effect
        setD({ ...EMPTY, ...kept });
        setRestored(true);
      }
    } catch {
      // nothing kept
    }
  }, [storageKey]);

  useEffect(() => {
    if (JSON.stringify(d) === JSON.stringify(EMPTY)) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify(d));
    } catch {
      // storage full or blocked
    }
  }, [d, storageKey]);

  // The estimate follows the brief (debounced); the topic and audience need a few letters first.
  useEffect(() => {
    if (d.topic.trim().length < 3 || d.audience.trim().length < 2) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setEstimate(null);
      return;
    }
    const t = setTimeout(async () => {
      const r = await estimateGenerationAction(toBrief(d, org));
      if (r.ok) setEstimate(r.data);
    }, 400);
    return () => clearTimeout(t);
  }, [d, org]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const short = estimate ? estimate.hold > estimate.available : false;

  function readFile(file: File) {
    if (file.size > 10 * MB) return void toast.error("Source files can be at most 10 MB.");
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/ai/source?org=${encodeURIComponent(org)}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && setUpload({ name: file.name, percent: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      setUpload(null);
      const body = JSON.parse(xhr.responseText || "{}") as {
        error?: string;
        text?: string;
        name?: string;
        truncated?: boolean;
        pages?: number | null;
        chars?: number;
      };
      if (xhr.status !== 200 || !body.text) return void toast.error(body.error ?? "The file could not be read.");
      setD((x) => ({ ...x, sourceText: body.text!, sourceName: body.name ?? file.name }));
      setSourceNote(
        `${body.chars!.toLocaleString("en-US")} characters read${body.pages ? ` from ${body.pages} page${body.pages === 1 ? "" : "s"}` : ""}${body.truncated ? " (the rest was cut: the first 60,000 characters are used)" : ""}.`,
      );
      toast.success(`Read ${file.name}`);
    };
    xhr.onerror = () => {
      setUpload(null);
      toast.error("The upload failed. Check your connection and try again.");
    };
    setUpload({ name: file.name, percent: 0 });
    xhr.send(form);
  }

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await startGenerationAction(toBrief(d, org));
    setBusy(false);
    if (!r.ok) {
      setErrors(Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k, v[0] ?? ""])));
      toast.error(
        r.message,
        r.code === "conflict" && /credits/i.test(r.message)
          ? { action: { label: "Buy credits", onClick: () => router.push(`/${org}/settings/billing`) }, duration: 10_000 }
          : undefined,
      );
      return;
    }
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // ignore
    }
    router.push(`/${org}/courses/generate/${r.data.generationId}`);
  }

  return (
    <form onSubmit={start} className="flex flex-col gap-5 rounded-lg border border-zinc-200 bg-white p-5" aria-label="Course brief">
      {restored ? (
        <p className="flex items-center justify-between gap-2 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
          Your unfinished brief was kept in this browser.
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => {
              setD(EMPTY);
              setRestored(false);
              localStorage.removeItem(storageKey);
            }}
          >
            Start over
          </Button>
        </p>
      ) : null}
      <Field id="ai-topic" label="What is the course about?" error={errors.topic}>
        <input
          id="ai-topic"
          className={input}
          value={d.topic}
          maxLength={300}
          onChange={(e) => set("topic", e.target.value)}
          placeholder="e.g. Watercolor landscapes for beginners"
          required
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="ai-audience" label="Who is it for?" error={errors.audience}>
          <input
            id="ai-audience"
            list="ai-audiences"
            className={input}
            value={d.audience}
            maxLength={300}
            onChange={(e) => set("audience", e.target.value)}
            required
          />
          <datalist id="ai-audiences">
            {AUDIENCE_PRESETS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </Field>
        <ChoiceField id="ai-level" label="Level" choices={LEVELS} value={d.level} onChange={(v) => set("level", v as Level)} />
      </div>
      <Field id="ai-outcomes" label="What will students be able to do? (one per line, optional)" error={errors.outcomes}>
        <textarea
          id="ai-outcomes"
          rows={3}
          className="rounded-md border border-zinc-300 px-3 py-2 text-sm"
          value={d.outcomes}
          onChange={(e) => set("outcomes", e.target.value)}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="ai-modules" label="Modules">
          <CountInput id="ai-modules" max={MAX_MODULES} value={d.modules} onChange={(n) => set("modules", n)} />
        </Field>
        <Field id="ai-lessons" label="Lessons per module">
          <CountInput id="ai-lessons" max={MAX_LESSONS_PER_MODULE} value={d.lessonsPerModule} onChange={(n) => set("lessonsPerModule", n)} />
        </Field>
        <ChoiceField id="ai-language" label="Language" choices={LANGUAGES} value={d.language} onChange={(v) => set("language", v as Language)} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <ChoiceField id="ai-tone" label="Tone" choices={TONES} value={d.tone} onChange={(v) => set("tone", v as Tone)} />
        <ChoiceField id="ai-style" label="Style" choices={STYLES} value={d.style} onChange={(v) => set("style", v as Style)} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="h-4 w-4" checked={d.quizzes} onChange={(e) => set("quizzes", e.target.checked)} />A quiz at the end of each module
      </label>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Source material (optional)</legend>
        <p className="text-xs text-zinc-500">Notes, a transcript or a document to base the course on. It is used as information only.</p>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="button" variant="outline" size="sm" onClick={() => fileRef.current?.click()} disabled={!!upload}>
            <Upload className="h-4 w-4" aria-hidden /> Upload PDF, Markdown or text
          </Button>
          <input
            ref={fileRef}
            type="file"
            accept=".pdf,.md,.markdown,.txt,application/pdf,text/markdown,text/plain"
            className="sr-only"
            aria-label="Source file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) readFile(f);
              e.target.value = "";
            }}
          />
          {d.sourceName ? (
            <span className="flex items-center gap-1 text-sm text-zinc-600">
              <FileText className="h-4 w-4" aria-hidden /> {d.sourceName}
              <button
                type="button"
                aria-label="Remove the source material"
                className="rounded p-1 hover:bg-zinc-100"
                onClick={() => setD((x) => ({ ...x, sourceText: "", sourceName: "" }))}
              >
                <X className="h-3 w-3" aria-hidden />
              </button>
            </span>
          ) : null}
        </div>
        {upload ? (
          <div className="flex flex-col gap-1" aria-live="polite">
            <div
              className="h-2 overflow-hidden rounded bg-zinc-100"
              role="progressbar"
              aria-valuenow={upload.percent}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label={`Uploading ${upload.name}`}
            >
              <div className="h-full bg-zinc-900 transition-all" style={{ width: `${upload.percent}%` }} />
            </div>
            <span className="text-xs text-zinc-500">
              Uploading {upload.name}… {upload.percent}%
            </span>
          </div>
        ) : null}
        {sourceNote ? <p className="text-xs text-zinc-500">{sourceNote}</p> : null}
        <textarea
          aria-label="Source text"
          rows={d.sourceText ? 6 : 3}
          className="rounded-md border border-zinc-300 px-3 py-2 text-sm"
          placeholder="…or paste text here"
          value={d.sourceText}
          onChange={(e) => setD((x) => ({ ...x, sourceText: e.target.value, sourceName: x.sourceName && e.target.value ? x.sourceName : "" }))}
        />
      </fieldset>
      <div className="flex flex-col gap-3 border-t border-zinc-100 pt-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="text-sm" aria-live="polite" data-testid="credit-estimate">
          {estimate ? (
            <>
              <p>
                About <strong>{estimate.typical.toLocaleString("en-US")} credits</strong>; up to {estimate.hold.toLocaleString("en-US")} are held while it runs
                and what is not used comes back.
              </p>
              <p className={short ? "text-red-700" : "text-zinc-500"}>
                You have {estimate.available.toLocaleString("en-US")} credits.
                {short ? (
                  <>
                    {" "}
                    Not enough for this brief:{" "}
                    <Link href={`/${org}/settings/billing`} className="font-medium underline">
                      buy credits
                    </Link>{" "}
                    or make the course smaller.
                  </>
                ) : null}
              </p>
            </>
          ) : (
            <p className="text-zinc-500">Describe the course to see what it costs. You have {available.toLocaleString("en-US")} credits.</p>
          )}
        </div>
        <Button type="submit" disabled={busy || short || !!upload}>
          {busy ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Sparkles className="h-4 w-4" aria-hidden />}
          Write the outline
        </Button>
      </div>
    </form>
  );
}
