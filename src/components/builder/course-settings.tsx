"use client";
import { useOrg } from "@/components/dashboard/org-context";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ImageUp, X } from "lucide-react";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { archiveCourseAction } from "@/actions/courses/archive-course";
import { deleteCourseAction } from "@/actions/courses/delete-course";
import { duplicateCourseAction } from "@/actions/courses/duplicate-course";
import { publishCourseAction } from "@/actions/courses/publish-course";
import { restoreCourseAction } from "@/actions/courses/restore-course";
import { unpublishCourseAction } from "@/actions/courses/unpublish-course";
import { updateCourseAction } from "@/actions/courses/update-course";
import { Button } from "@/components/ui/button";
import { UploadProgress, useUpload } from "./upload-progress";
import { AutosaveNotice, SaveIndicator, useAutosave } from "./use-autosave";

export type CourseForSettings = {
  id: string;
  title: string;
  slug: string;
  subtitle: string | null;
  description: string | null;
  coverUrl: string | null;
  category: string | null;
  language: string;
  seoTitle: string | null;
  seoDescription: string | null;
  status: "draft" | "published" | "archived";
  version: number;
};

const inputCls = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm aria-[invalid=true]:border-red-500";
type Fields = Omit<CourseForSettings, "id" | "status" | "version">;

/** What the update action takes: every field, empty text for none. */
const payload = (f: Fields) => ({
  title: f.title,
  slug: f.slug,
  subtitle: f.subtitle ?? "",
  description: f.description ?? "",
  coverUrl: f.coverUrl ?? "",
  category: f.category ?? "",
  language: f.language,
  seoTitle: f.seoTitle ?? "",
  seoDescription: f.seoDescription ?? "",
});

/** Course settings (right panel when the course is selected) and the publish / duplicate / archive / delete controls. */
export function CourseSettings({ course, canPublish, siteUrl }: { course: CourseForSettings; canPublish: boolean; siteUrl: string }) {
  const org = useOrg();
  const router = useRouter();
  const [f, setF] = useState<Fields>({ ...course });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  // The settings save themselves as they are typed, like a lesson's text (same Saving…/Saved state and
  // conflict handling); a field the server refuses is shown under it and the rest keeps saving.
  const save = useCallback(
    async (fields: Fields, version: number) => {
      const r = await updateCourseAction({ org, courseId: course.id, version, fields: payload(fields) });
      setErrors(r.ok ? {} : Object.fromEntries(Object.entries(r.fieldErrors ?? {}).map(([k, v]) => [k.replace(/^fields\./, ""), v[0] ?? ""])));
      // The page's other parts (the heading, the outline, this panel when it is opened again) follow what was saved.
      if (r.ok) router.refresh();
      return r.ok ? { ok: true as const, data: { version: r.data.version } } : r;
    },
    [org, course.id, router],
  );
  const autosave = useAutosave<Fields>({ version: course.version, save });
  const { rebase } = autosave;
  // A newer copy from the server (publishing bumps the version; this panel may have opened on a copy older than
  // its last save): taken as it is while nothing typed is waiting to be saved.
  const [seenVersion, setSeenVersion] = useState(course.version);
  if (seenVersion !== course.version) {
    setSeenVersion(course.version);
    if (rebase(course.version)) setF({ ...course });
  }
  const edit = (next: Fields) => {
    setF(next);
    autosave.change(next);
  };

  const field = (k: keyof Fields, label: string, opts: { textarea?: boolean; max?: number; hint?: string } = {}) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`course-${k}`} className="font-medium">
        {label}
      </label>
      {opts.textarea ? (
        <textarea
          id={`course-${k}`}
          value={f[k] ?? ""}
          onChange={(e) => edit({ ...f, [k]: e.target.value })}
          rows={4}
          maxLength={opts.max}
          aria-invalid={!!errors[k]}
          className="w-full rounded-md border border-zinc-300 p-2 text-sm"
        />
      ) : (
        <input
          id={`course-${k}`}
          value={f[k] ?? ""}
          onChange={(e) => edit({ ...f, [k]: e.target.value })}
          maxLength={opts.max}
          aria-invalid={!!errors[k]}
          className={inputCls}
        />
      )}
      {errors[k] ? (
        <p role="alert" className="text-xs text-red-600">
          {errors[k]}
        </p>
      ) : opts.hint ? (
        <p className="text-xs text-zinc-500">{opts.hint}</p>
      ) : null}
    </div>
  );

  async function run<T>(name: string, fn: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, success: string, after?: (d: T) => void) {
    setBusy(name);
    // What was typed is saved first: publishing (or archiving, duplicating) never leaves it behind.
    await autosave.flush();
    const r = await fn();
    setBusy(null);
    if (!r.ok) toast.error(r.message, { duration: 8000 });
    else {
      toast.success(success);
      after?.(r.data);
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-5 text-sm" data-testid="course-settings">
      <section className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-3">
        <div className="flex items-center justify-between">
          <span>
            Status:{" "}
            <strong data-testid="course-status">{course.status === "published" ? "Published" : course.status === "archived" ? "Archived" : "Draft"}</strong>
          </span>
          {course.status === "published" ? (
            <a href={siteUrl} target="_blank" rel="noreferrer" className="text-xs underline">
              View on your site
            </a>
          ) : null}
        </div>
        {canPublish ? (
          <div className="flex flex-wrap gap-2">
            {course.status === "published" ? (
              <Button
                size="sm"
                variant="outline"
                disabled={!!busy}
                onClick={() => void run("unpublish", () => unpublishCourseAction({ org, courseId: course.id }), "Course unpublished")}
              >
                Unpublish
              </Button>
            ) : course.status === "draft" ? (
              <Button
                size="sm"
                disabled={!!busy}
                onClick={() => void run("publish", () => publishCourseAction({ org, courseId: course.id }), "Course published")}
              >
                {busy === "publish" ? "Publishing…" : "Publish course"}
              </Button>
            ) : (
              <Button
                size="sm"
                variant="outline"
                disabled={!!busy}
                onClick={() => void run("restore", () => restoreCourseAction({ org, courseId: course.id }), "Course restored as a draft")}
              >
                Restore
              </Button>
            )}
            {course.status !== "archived" ? (
              <Button
                size="sm"
                variant="outline"
                disabled={!!busy}
                onClick={() => void run("archive", () => archiveCourseAction({ org, courseId: course.id }), "Course archived")}
              >
                Archive
              </Button>
            ) : null}
          </div>
        ) : (
          <p className="text-xs text-zinc-500">Owners and admins publish courses.</p>
        )}
      </section>

      <form
        className="flex flex-col gap-3"
        aria-label="Course details"
        onSubmit={(e) => {
          e.preventDefault();
          void autosave.flush();
        }}
      >
        <div className="flex items-center justify-between gap-2">
          <h3 className="font-semibold">Details</h3>
          <SaveIndicator status={autosave.status} />
        </div>
        <AutosaveNotice autosave={autosave} showError={Object.keys(errors).length === 0} />
        {field("title", "Title", { max: 200 })}
        {field("slug", "URL slug", { max: 80, hint: "Lowercase letters, digits and dashes." })}
        {field("subtitle", "Subtitle", { max: 300 })}
        {field("description", "Description", { textarea: true, max: 10000 })}
        <CoverPicker url={f.coverUrl} onChange={(coverUrl) => edit({ ...f, coverUrl })} />
        {field("coverUrl", "Cover image URL", { max: 2000, hint: "Upload an image above, or paste an https:// address." })}
        <div className="grid grid-cols-2 gap-2">
          {field("category", "Category", { max: 80 })}
          {field("language", "Language", { max: 6, hint: "e.g. en, pt-BR" })}
        </div>
        {field("seoTitle", "SEO title", { max: 70 })}
        {field("seoDescription", "SEO description", { textarea: true, max: 160 })}
      </form>

      <Link href={`/${org}/courses/${course.id}/sales-page`} className="self-start text-sm font-medium underline">
        Edit the sales page (description, outcomes, instructor, FAQ, testimonials) →
      </Link>

      <section className="flex flex-col gap-2 border-t border-zinc-200 pt-4">
        <Button
          size="sm"
          variant="outline"
          className="self-start"
          disabled={!!busy}
          onClick={() =>
            void run(
              "duplicate",
              () => duplicateCourseAction({ org, courseId: course.id }),
              "Copy created",
              (d) => router.push(`/${org}/courses/${d.id}`),
            )
          }
        >
          Duplicate course
        </Button>
        {canPublish ? (
          confirmDelete === null ? (
            <Button size="sm" variant="outline" className="self-start border-red-300 text-red-700 hover:bg-red-50" onClick={() => setConfirmDelete("")}>
              Delete course…
            </Button>
          ) : (
            <form
              className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3"
              onSubmit={(e) => {
                e.preventDefault();
                void run(
                  "delete",
                  () => deleteCourseAction({ org, courseId: course.id, confirmTitle: confirmDelete }),
                  "Course deleted",
                  () => router.push(`/${org}/courses`),
                );
              }}
            >
              <label htmlFor="confirm-delete" className="text-red-900">
                This deletes every module and lesson of this course. Type <strong>{course.title}</strong> to confirm.
              </label>
              <input id="confirm-delete" value={confirmDelete} onChange={(e) => setConfirmDelete(e.target.value)} className={inputCls} autoComplete="off" />
              <div className="flex gap-2">
                <Button size="sm" type="submit" className="bg-red-700 hover:bg-red-800" disabled={confirmDelete.trim() !== course.title.trim() || !!busy}>
                  Delete forever
                </Button>
                <Button size="sm" variant="outline" type="button" onClick={() => setConfirmDelete(null)}>
                  Cancel
                </Button>
              </div>
            </form>
          )
        ) : null}
      </section>
    </div>
  );
}

/** The course cover: a preview, an upload button with a progress bar, and remove. Saved with the form. */
function CoverPicker({ url, onChange }: { url: string | null; onChange: (url: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { progress, upload } = useUpload("image");
  return (
    <div className="flex flex-col gap-2">
      <span className="font-medium">Cover image</span>
      {url ? (
        // eslint-disable-next-line @next/next/no-img-element -- a creator's own upload or https URL, any size
        <img src={url} alt="Course cover" className="aspect-video w-full rounded-md border border-zinc-200 object-cover" data-testid="cover-preview" />
      ) : (
        <div className="flex aspect-video w-full items-center justify-center rounded-md border border-dashed border-zinc-300 text-xs text-zinc-400">
          No cover yet (16:9 looks best)
        </div>
      )}
      <div className="flex gap-2">
        <Button type="button" size="sm" variant="outline" disabled={progress !== null} onClick={() => input.current?.click()}>
          <ImageUp className="h-4 w-4" aria-hidden /> {progress !== null ? "Uploading…" : url ? "Replace cover" : "Upload cover"}
        </Button>
        {url ? (
          <Button type="button" size="sm" variant="outline" onClick={() => onChange(null)}>
            <X className="h-4 w-4" aria-hidden /> Remove
          </Button>
        ) : null}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
        className="hidden"
        aria-label="Cover image file"
        onChange={async (e) => {
          const up = await upload(e.currentTarget);
          if (!up) return;
          onChange(up.url);
          toast.success("Cover uploaded");
        }}
      />
      <UploadProgress progress={progress} label="Uploading cover" />
    </div>
  );
}
