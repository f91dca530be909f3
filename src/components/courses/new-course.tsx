"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createCourseAction } from "@/actions/courses/create-course";
import { Button } from "@/components/ui/button";

/** "New course": a title, then straight into the builder. */
export function NewCourse() {
  const org = useOrg();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Button onClick={() => setOpen(true)}>
        <Plus className="mr-1 h-4 w-4" aria-hidden /> New course
      </Button>
    );
  return (
    <form
      className="flex w-full flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 sm:w-auto sm:flex-row sm:items-start"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await createCourseAction({ org, title });
        setBusy(false);
        if (!r.ok) {
          setError(r.message);
          if (r.code === "limit_reached")
            toast.error(r.message, { action: { label: "See plans", onClick: () => router.push(`/${org}/settings/billing`) }, duration: 10_000 });
          return;
        }
        toast.success("Course created");
        router.push(`/${org}/courses/${r.data.id}`);
      }}
    >
      <div className="flex flex-1 flex-col gap-1">
        <label htmlFor="new-course-title" className="sr-only">
          Course title
        </label>
        <input
          id="new-course-title"
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Course title"
          maxLength={200}
          aria-invalid={!!error}
          className="h-9 rounded-md border border-zinc-300 px-3 text-sm sm:w-72"
        />
        {error ? (
          <p role="alert" className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy || !title.trim()}>
          {busy ? "Creating…" : "Create"}
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
