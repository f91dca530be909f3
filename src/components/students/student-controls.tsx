"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { enrollStudentAction } from "@/actions/students/enroll-student";
import { issueCertificateAction } from "@/actions/students/issue-certificate";
import { resetProgressAction } from "@/actions/students/reset-progress";
import { setStudentTagsAction } from "@/actions/students/set-student-tags";
import { unenrollStudentAction } from "@/actions/students/unenroll-student";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";

function useRun() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    async run(call: () => Promise<{ ok: true } | { ok: false; message: string }>, done: string) {
      setBusy(true);
      const r = await call();
      setBusy(false);
      if (!r.ok) toast.error(r.message, { duration: 8000 });
      else {
        toast.success(done);
        router.refresh();
      }
    },
  };
}

/** Give a student a course by hand. */
export function EnrollForm({ studentId, courses }: { studentId: string; courses: { id: string; title: string }[] }) {
  const org = useOrg();
  const { busy, run } = useRun();
  const [courseId, setCourseId] = useState(courses[0]?.id ?? "");
  if (!courses.length) return <p className="text-sm text-zinc-500">Enrolled in every course already.</p>;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => enrollStudentAction({ org, studentId, courseId }), "Enrolled");
      }}
    >
      <select
        aria-label="Course to enroll in"
        value={courseId}
        onChange={(e) => setCourseId(e.target.value)}
        className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm"
      >
        {courses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
      <Button type="submit" size="sm" disabled={busy}>
        Enroll
      </Button>
    </form>
  );
}

export function UnenrollButton({ studentId, courseId, title }: { studentId: string; courseId: string; title: string }) {
  const org = useOrg();
  const { busy, run } = useRun();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={busy}
      aria-label={`Remove access to ${title}`}
      onClick={() => {
        if (window.confirm(`Remove access to ${title}?`)) void run(() => unenrollStudentAction({ org, studentId, courseId }), "Access removed");
      }}
    >
      Remove access
    </Button>
  );
}

/** Tags, comma-separated. */
export function TagsForm({ studentId, tags }: { studentId: string; tags: string[] }) {
  const org = useOrg();
  const { busy, run } = useRun();
  const [value, setValue] = useState(tags.join(", "));
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => setStudentTagsAction({ org, studentId, tags: value.split(",") }), "Tags saved");
      }}
    >
      <input
        aria-label="Tags"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="vip, cohort-3"
        className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 px-3 text-sm sm:max-w-sm"
      />
      <Button type="submit" size="sm" variant="outline" disabled={busy}>
        Save tags
      </Button>
    </form>
  );
}

/** Start a student's course over (asks first: their completed lessons and quiz attempts go). */
export function ResetProgressButton({ studentId, courseId, title }: { studentId: string; courseId: string; title: string }) {
  const org = useOrg();
  const { busy, run } = useRun();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={busy}
      aria-label={`Reset progress in ${title}`}
      onClick={() => {
        if (
          window.confirm(
            `Reset this student's progress in ${title}? Their completed lessons and quiz attempts are cleared; a certificate already issued stays valid.`,
          )
        )
          void run(() => resetProgressAction({ org, studentId, courseId }), "Progress reset");
      }}
    >
      Reset progress
    </Button>
  );
}

/** Issue the course's certificate now, without waiting for the student to complete it. */
export function IssueCertificateButton({ studentId, courseId, title }: { studentId: string; courseId: string; title: string }) {
  const org = useOrg();
  const { busy, run } = useRun();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={busy}
      aria-label={`Issue certificate for ${title}`}
      onClick={() => {
        if (window.confirm(`Issue this student's certificate for ${title} now? It can be verified publicly by its serial.`))
          void run(() => issueCertificateAction({ org, studentId, courseId }), "Certificate issued");
      }}
    >
      Issue certificate
    </Button>
  );
}
