"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import prettyBytes from "pretty-bytes";
import { deleteLessonAction } from "@/actions/courses/delete-lesson";
import { renameLessonAction } from "@/actions/courses/rename-lesson";
import { addLessonFilesAction } from "@/actions/courses/add-lesson-files";
import { removeLessonFileAction } from "@/actions/courses/remove-lesson-file";
import { updateLessonSettingsAction, type UpdateLessonSettingsInput } from "@/actions/courses/update-lesson-settings";
import { Button } from "@/components/ui/button";
import { UploadProgress, useUpload } from "./upload-progress";
import { useSaveLater } from "./use-save-later";

export type LessonForSettings = {
  id: string;
  title: string;
  type: string;
  status: "draft" | "published";
  isFreePreview: boolean;
  dripDays: number | null;
  dripDate: string | null;
  prerequisiteLessonId: string | null;
  prerequisiteRule: "complete" | "pass" | null;
  durationSeconds: number | null;
  files: { id: string; filename: string; sizeBytes: number }[];
};

const inputCls = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm";

/** Lesson settings (right panel): title, publishing, free preview, drip, prerequisite, duration, files. */
export function LessonSettings({
  lesson,
  otherLessons,
  canPublish,
}: {
  lesson: LessonForSettings;
  otherLessons: { id: string; title: string; type: string }[];
  canPublish: boolean;
}) {
  const router = useRouter();
  const [title, setTitle] = useState(lesson.title);
  const [drip, setDrip] = useState<"none" | "days" | "date">(lesson.dripDays != null ? "days" : lesson.dripDate ? "date" : "none");
  const [days, setDays] = useState(String(lesson.dripDays ?? 7));
  const [date, setDate] = useState(lesson.dripDate ? lesson.dripDate.slice(0, 10) : "");
  const [busy, setBusy] = useState(false);
  const org = useOrg();
  const { progress, upload } = useUpload("file");
  // The title and the drip save themselves shortly after a change (and when the panel closes).
  const titleSaver = useSaveLater();
  const dripSaver = useSaveLater();
  const saveDrip = (d: { drip: "none" | "days" | "date"; days: string; date: string }) => {
    // A date not picked yet, or a day count being typed, waits for a value that can be saved.
    if (d.drip === "date" && !d.date) return;
    if (d.drip === "days" && !/^\d{1,4}$/.test(d.days)) return;
    dripSaver.later(() =>
      save(
        d.drip === "none"
          ? { dripDays: null, dripDate: null }
          : d.drip === "days"
            ? { dripDays: Number(d.days), dripDate: null }
            : { dripDays: null, dripDate: new Date(`${d.date}T00:00:00Z`) },
        "Drip saved",
      ),
    );
  };

  async function save(settings: UpdateLessonSettingsInput["settings"], success?: string) {
    setBusy(true);
    const r = await updateLessonSettingsAction({ org, lessonId: lesson.id, settings });
    setBusy(false);
    if (!r.ok) toast.error(r.message, { duration: 8000 });
    else {
      if (success) toast.success(success);
      router.refresh();
    }
    return r.ok;
  }

  return (
    <div className="flex flex-col gap-5 text-sm" data-testid="lesson-settings">
      <form
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          void titleSaver.flush();
        }}
      >
        <div className="flex items-center justify-between gap-2">
          <label htmlFor="lesson-title" className="font-medium">
            Title
          </label>
          <span className="text-xs text-zinc-500" role="status" data-testid="lesson-title-status">
            {titleSaver.state === "saved" ? "" : titleSaver.state === "saving" ? "Saving…" : "Unsaved changes…"}
          </span>
        </div>
        <input
          id="lesson-title"
          value={title}
          onChange={(e) => {
            const next = e.target.value;
            setTitle(next);
            titleSaver.later(async () => {
              const r = await renameLessonAction({ org, lessonId: lesson.id, title: next });
              if (!r.ok) toast.error(r.message);
              else router.refresh();
            });
          }}
          onBlur={() => void titleSaver.flush()}
          maxLength={200}
          className={inputCls}
        />
      </form>

      <section className="flex flex-col gap-2">
        <h3 className="font-medium">Visibility</h3>
        <div className="flex items-center justify-between gap-2">
          <span>
            Status: <strong data-testid="lesson-status">{lesson.status === "published" ? "Published" : "Draft"}</strong>
          </span>
          {canPublish ? (
            <Button
              size="sm"
              variant={lesson.status === "published" ? "outline" : "default"}
              disabled={busy}
              onClick={() =>
                void save(
                  { status: lesson.status === "published" ? "draft" : "published" },
                  lesson.status === "published" ? "Lesson unpublished" : "Lesson published",
                )
              }
            >
              {lesson.status === "published" ? "Unpublish" : "Publish lesson"}
            </Button>
          ) : (
            <span className="text-xs text-zinc-500">Owners and admins publish</span>
          )}
        </div>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={lesson.isFreePreview} disabled={busy} onChange={(e) => void save({ isFreePreview: e.target.checked })} />
          Free preview (anyone can watch it before buying)
        </label>
      </section>

      <section className="flex flex-col gap-2">
        <h3 className="font-medium">Drip</h3>
        <select
          aria-label="Drip schedule"
          value={drip}
          onChange={(e) => {
            const next = e.target.value as typeof drip;
            setDrip(next);
            saveDrip({ drip: next, days, date });
          }}
          className={inputCls}
        >
          <option value="none">Available right away</option>
          <option value="days">Some days after enrolling</option>
          <option value="date">On a fixed date</option>
        </select>
        {drip === "days" ? (
          <input
            aria-label="Days after enrolling"
            type="number"
            min={0}
            max={3650}
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
              saveDrip({ drip, days: e.target.value, date });
            }}
            className={inputCls}
          />
        ) : null}
        {drip === "date" ? (
          <input
            aria-label="Available from"
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              saveDrip({ drip, days, date: e.target.value });
            }}
            className={inputCls}
          />
        ) : null}
        <span className="text-xs text-zinc-500" role="status" data-testid="drip-status">
          {dripSaver.state === "saved" ? "" : dripSaver.state === "saving" ? "Saving…" : "Unsaved changes…"}
        </span>
      </section>

      <section className="flex flex-col gap-2">
        <h3 className="font-medium">Prerequisite</h3>
        <select
          aria-label="Prerequisite lesson"
          value={lesson.prerequisiteLessonId ?? ""}
          disabled={busy}
          onChange={(e) => void save(e.target.value ? { prerequisiteLessonId: e.target.value, prerequisiteRule: "complete" } : { prerequisiteLessonId: null })}
          className={inputCls}
        >
          <option value="">None</option>
          {otherLessons.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
        {lesson.prerequisiteLessonId ? (
          <select
            aria-label="Prerequisite rule"
            value={lesson.prerequisiteRule ?? "complete"}
            disabled={busy}
            onChange={(e) => void save({ prerequisiteLessonId: lesson.prerequisiteLessonId, prerequisiteRule: e.target.value as "complete" | "pass" })}
            className={inputCls}
          >
            <option value="complete">…must be completed</option>
            <option value="pass" disabled={otherLessons.find((l) => l.id === lesson.prerequisiteLessonId)?.type !== "quiz"}>
              …its quiz must be passed
            </option>
          </select>
        ) : null}
      </section>

      <section className="flex flex-col gap-2">
        <label htmlFor="lesson-duration" className="font-medium">
          Estimated duration (minutes)
        </label>
        <input
          id="lesson-duration"
          type="number"
          min={0}
          max={1440}
          defaultValue={lesson.durationSeconds != null ? Math.round(lesson.durationSeconds / 60) : ""}
          onBlur={(e) => void save({ durationSeconds: e.target.value === "" ? null : Math.round(Number(e.target.value) * 60) })}
          className={inputCls}
        />
      </section>

      {lesson.type === "download" ? (
        <section className="flex flex-col gap-2">
          <h3 className="font-medium">Files</h3>
          {lesson.files.length === 0 ? <p className="text-xs text-zinc-500">No files yet.</p> : null}
          <ul className="flex flex-col gap-1">
            {lesson.files.map((f) => (
              <li key={f.id} className="flex items-center justify-between gap-2 rounded border border-zinc-200 px-2 py-1">
                <span className="truncate">{f.filename}</span>
                <span className="shrink-0 text-xs text-zinc-500">{prettyBytes(f.sizeBytes)}</span>
                <button
                  type="button"
                  className="text-xs text-red-700 underline"
                  onClick={async () => {
                    const r = await removeLessonFileAction({ org, lessonFileId: f.id });
                    if (!r.ok) toast.error(r.message);
                    else router.refresh();
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <label className="inline-flex cursor-pointer items-center gap-2 self-start rounded-md border border-zinc-300 bg-white px-3 py-1.5 hover:bg-zinc-50">
            Upload a file
            <input
              type="file"
              className="sr-only"
              onChange={async (e) => {
                const up = await upload(e.currentTarget);
                if (!up) return;
                const r = await addLessonFilesAction({ org, lessonId: lesson.id, mediaAssetIds: [up.id] });
                if (!r.ok) toast.error(r.message);
                else toast.success(`${up.filename} attached`);
                router.refresh();
              }}
            />
          </label>
          <UploadProgress progress={progress} label="Uploading file" />
        </section>
      ) : null}

      {canPublish ? (
        <section className="border-t border-zinc-200 pt-4">
          <Button
            size="sm"
            variant="outline"
            className="border-red-300 text-red-700 hover:bg-red-50"
            onClick={async () => {
              if (!confirm(`Delete the lesson “${lesson.title}”? This cannot be undone.`)) return;
              const r = await deleteLessonAction({ org, lessonId: lesson.id });
              if (!r.ok) toast.error(r.message);
              else {
                toast.success("Lesson deleted");
                router.push("?");
                router.refresh();
              }
            }}
          >
            Delete lesson
          </Button>
        </section>
      ) : null}
    </div>
  );
}
