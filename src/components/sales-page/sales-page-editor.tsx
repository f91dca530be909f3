"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { updateSalesPageAction } from "@/actions/courses/update-sales-page";
import { TextEditor } from "@/components/builder/text-editor";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";
import { ListEditor, PhotoPicker, Section } from "./fields";

export type SalesPageDraft = {
  about: Record<string, unknown> | null;
  outcomes: string[];
  instructor: { name: string; bio: string; photoUrl: string | null };
  faq: { question: string; answer: string }[];
  testimonials: { quote: string; name: string; role: string; photoUrl: string | null }[];
};

const inputCls = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm";
const areaCls = "w-full rounded-md border border-zinc-300 bg-white p-2 text-sm";

/**
 * The sales page's sections. Typing is never lost: every change is also kept in this browser (restored after
 * a crash or a closed tab), leaving with unsaved changes asks first, and a save refused because the course
 * changed elsewhere keeps what was typed here.
 */
/** `shortDescription`: the course's description from its settings, which the page shows while "About" is empty. */
export function SalesPageEditor({
  courseId,
  version: initialVersion,
  initial,
  shortDescription,
}: {
  courseId: string;
  version: number;
  initial: SalesPageDraft;
  shortDescription: string | null;
}) {
  const org = useOrg();
  const router = useRouter();
  const storageKey = `cf:sales-page:${courseId}`;
  const [draft, setDraft] = useState<SalesPageDraft>(initial);
  const [saved, setSaved] = useState<SalesPageDraft>(initial);
  const [version, setVersion] = useState(initialVersion);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [restorable, setRestorable] = useState<SalesPageDraft | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const errorBox = useRef<HTMLDivElement>(null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  useEffect(() => {
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey) ?? "null") as { draft: SalesPageDraft } | null;
      // Browser storage exists only after mount (the server render cannot know it), so the offer appears then.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (kept && JSON.stringify(kept.draft) !== JSON.stringify(initial)) setRestorable(kept.draft);
    } catch {
      // nothing kept, or not readable: start from the saved page
    }
    // Only on opening the editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!dirty) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify({ draft }));
    } catch {
      // storage full or blocked: the unsaved-changes prompt still protects the typing
    }
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [draft, dirty, storageKey]);

  // Keyboard focus never lands under the save bar fixed at the bottom.
  useEffect(() => {
    const html = document.documentElement;
    const before = html.style.scrollPaddingBottom;
    html.style.scrollPaddingBottom = "6rem";
    return () => {
      html.style.scrollPaddingBottom = before;
    };
  }, []);

  // Leaving by a link inside the app asks too (the browser asks only for reloads and closing the tab).
  useEffect(() => {
    if (!dirty) return;
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]");
      if (!a || a.getAttribute("target") === "_blank" || e.defaultPrevented) return;
      if (window.confirm("Leave the sales page without saving? Your changes stay in this browser until you come back.")) return;
      e.preventDefault();
      e.stopPropagation();
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, [dirty]);

  const set = <K extends keyof SalesPageDraft>(k: K, v: SalesPageDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function save() {
    setBusy(true);
    setErrors([]);
    const r = await updateSalesPageAction({
      org,
      courseId,
      version,
      salesPage: {
        about: draft.about as { type: "doc" } | null,
        outcomes: draft.outcomes.map((o) => o.trim()).filter(Boolean),
        instructor: { ...draft.instructor, photoUrl: draft.instructor.photoUrl ?? "" },
        faq: draft.faq,
        testimonials: draft.testimonials.map((t) => ({ ...t, photoUrl: t.photoUrl ?? "" })),
      },
    });
    setBusy(false);
    if (!r.ok) {
      const list = r.fieldErrors ? Object.entries(r.fieldErrors).map(([path, msgs]) => `${placeOf(path)}${msgs[0] ?? ""}`) : [r.message];
      setErrors([...new Set(list)]);
      toast.error(list.length > 1 ? `${list.length} things to fix before saving` : (list[0] ?? r.message), { duration: 8000 });
      // The list is at the top: take the reader there (the save button may be a long way down).
      requestAnimationFrame(() => errorBox.current?.focus());
      return;
    }
    setVersion(r.data.version);
    const clean = { ...draft, outcomes: draft.outcomes.map((o) => o.trim()).filter(Boolean) };
    setDraft(clean);
    setSaved(clean);
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // ignore
    }
    toast.success("Sales page saved");
    router.refresh();
  }

  return (
    <form
      className="flex flex-col gap-6 pb-24"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {restorable ? (
        <div
          role="status"
          className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 sm:flex-row sm:items-center sm:justify-between"
        >
          <span>This browser kept changes you had not saved.</span>
          <span className="flex gap-2">
            <Button
              type="button"
              size="sm"
              onClick={() => {
                setDraft(restorable);
                setEditorKey((k) => k + 1);
                setRestorable(null);
              }}
            >
              Restore them
            </Button>
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => {
                localStorage.removeItem(storageKey);
                setRestorable(null);
              }}
            >
              Discard
            </Button>
          </span>
        </div>
      ) : null}
      {errors.length ? (
        <div
          ref={errorBox}
          tabIndex={-1}
          role="alert"
          className="scroll-mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400"
        >
          <p className="font-medium">Not saved yet:</p>
          <ul className="list-disc pl-5">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <Section
        title="About this course"
        hint={
          aboutEmpty(draft.about) && shortDescription
            ? `The long description: what the course is, who it is for, how it works. While this is empty, the page shows the description from the course settings: “${shortDescription.length > 160 ? `${shortDescription.slice(0, 160)}…` : shortDescription}”`
            : "The long description: what the course is, who it is for, how it works."
        }
      >
        <TextEditor key={editorKey} initial={draft.about} onChange={(doc) => set("about", doc)} label="About this course" minHeight="min-h-[200px]" />
      </Section>

      <Section title="What you'll learn" hint="Short outcomes, one per line item (up to 12).">
        <ListEditor
          items={draft.outcomes}
          onChange={(v) => set("outcomes", v)}
          blank={() => ""}
          max={12}
          addLabel="Add an outcome"
          itemLabel={(i) => `Outcome ${i + 1}`}
          render={(item, update, i) => (
            <input aria-label={`Outcome ${i + 1}`} value={item} maxLength={200} onChange={(e) => update(e.target.value)} className={inputCls} />
          )}
        />
      </Section>

      <Section title="Instructor" hint="Who teaches the course.">
        <div className="flex flex-col gap-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Name
            <input
              value={draft.instructor.name}
              maxLength={100}
              onChange={(e) => set("instructor", { ...draft.instructor, name: e.target.value })}
              className={inputCls}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Bio
            <textarea
              value={draft.instructor.bio}
              maxLength={2000}
              rows={4}
              onChange={(e) => set("instructor", { ...draft.instructor, bio: e.target.value })}
              className={areaCls}
            />
          </label>
          <PhotoPicker label="Instructor photo" url={draft.instructor.photoUrl} onChange={(photoUrl) => set("instructor", { ...draft.instructor, photoUrl })} />
        </div>
      </Section>

      <Section title="Frequently asked questions" hint="Shown as questions that open to their answers (up to 20).">
        <ListEditor
          items={draft.faq}
          onChange={(v) => set("faq", v)}
          blank={() => ({ question: "", answer: "" })}
          max={20}
          addLabel="Add a question"
          itemLabel={(i) => `Question ${i + 1}`}
          render={(item, update, i) => (
            <div className="flex flex-col gap-2">
              <input
                aria-label={`Question ${i + 1}`}
                placeholder="Question"
                value={item.question}
                maxLength={300}
                onChange={(e) => update({ ...item, question: e.target.value })}
                className={inputCls}
              />
              <textarea
                aria-label={`Answer ${i + 1}`}
                placeholder="Answer"
                value={item.answer}
                maxLength={2000}
                rows={3}
                onChange={(e) => update({ ...item, answer: e.target.value })}
                className={areaCls}
              />
            </div>
          )}
        />
      </Section>

      <Section title="Testimonials" hint="What students say (up to 12).">
        <ListEditor
          items={draft.testimonials}
          onChange={(v) => set("testimonials", v)}
          blank={() => ({ quote: "", name: "", role: "", photoUrl: null })}
          max={12}
          addLabel="Add a testimonial"
          itemLabel={(i) => `Testimonial ${i + 1}`}
          render={(item, update, i) => (
            <div className="flex flex-col gap-2">
              <textarea
                aria-label={`Quote ${i + 1}`}
                placeholder="What they said"
                value={item.quote}
                maxLength={1000}
                rows={3}
                onChange={(e) => update({ ...item, quote: e.target.value })}
                className={areaCls}
              />
              <div className="grid gap-2 sm:grid-cols-2">
                <input
                  aria-label={`Name ${i + 1}`}
                  placeholder="Name"
                  value={item.name}
                  maxLength={100}
                  onChange={(e) => update({ ...item, name: e.target.value })}
                  className={inputCls}
                />
                <input
                  aria-label={`Role ${i + 1}`}
                  placeholder="Role (optional)"
                  value={item.role}
                  maxLength={100}
                  onChange={(e) => update({ ...item, role: e.target.value })}
                  className={inputCls}
                />
              </div>
              <PhotoPicker label={`Photo ${i + 1}`} url={item.photoUrl} onChange={(photoUrl) => update({ ...item, photoUrl })} />
            </div>
          )}
        />
      </Section>

      <div className="fixed inset-x-0 bottom-0 z-10 border-t border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur md:left-[240px]">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-3">
          <span className="text-sm text-zinc-500" role="status">
            {dirty ? "Unsaved changes" : "All changes saved"}
          </span>
          <Button type="submit" disabled={!dirty || busy}>
            {busy ? "Saving…" : "Save sales page"}
          </Button>
        </div>
      </div>
    </form>
  );
}

const SECTION_ITEM: Record<string, string> = { outcomes: "Outcome", faq: "Question", testimonials: "Testimonial" };

/** "salesPage.faq.3.answer" → "Question 4: " (where a problem is, in the words on the screen). */
function placeOf(path: string): string {
  const [, section, index] = path.split(".");
  if (section && index !== undefined && SECTION_ITEM[section] && /^\d+$/.test(index)) return `${SECTION_ITEM[section]} ${Number(index) + 1}: `;
  if (section === "instructor") return "Instructor: ";
  if (section === "about") return "About this course: ";
  return "";
}

/** A TipTap document with no text in it (what a cleared editor leaves). */
function aboutEmpty(doc: Record<string, unknown> | null): boolean {
  if (!doc) return true;
  const text = (n: unknown): string =>
    typeof n === "object" && n !== null ? `${(n as { text?: string }).text ?? ""}${((n as { content?: unknown[] }).content ?? []).map(text).join("")}` : "";
  return text(doc).trim() === "";
}
