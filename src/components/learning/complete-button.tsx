"use client";
import { CheckCircle2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { completeLesson } from "@/actions/learning/complete-lesson";

/**
 * "Complete and continue": marks the lesson complete, then opens the next one (or, on the last, says the
 * course is complete and where the certificate is). A completed lesson shows that instead.
 */
export function CompleteButton({
  courseSlug,
  lessonId,
  completed,
  nextHref,
}: {
  courseSlug: string;
  lessonId: string;
  completed: boolean;
  nextHref: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  if (completed)
    return (
      <p className="inline-flex items-center gap-2 text-sm font-medium text-emerald-700" data-testid="lesson-completed">
        <CheckCircle2 aria-hidden className="size-4" /> Completed
      </p>
    );
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await completeLesson({ courseSlug, lessonId });
          if (!r.ok) {
            toast.error(r.message);
            return;
          }
          if (r.data.courseCompleted) {
            toast.success("Course complete — congratulations! Your certificate is ready.");
            router.push(`/learn/${courseSlug}/complete`);
          } else if (nextHref) router.push(nextHref);
          else {
            toast.success("Lesson complete");
            router.refresh();
          }
        })
      }
      className="inline-flex items-center gap-2 rounded-md bg-brand px-5 py-2.5 text-sm font-medium text-white disabled:opacity-60"
    >
      <CheckCircle2 aria-hidden className="size-4" />
      {pending ? "Saving…" : nextHref ? "Complete and continue" : "Mark complete"}
    </button>
  );
}
