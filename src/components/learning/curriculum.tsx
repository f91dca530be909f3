import { CheckCircle2, Circle, FileDown, HelpCircle, Lock, PlayCircle, FileText } from "lucide-react";
import Link from "next/link";
import type { StudentCourse } from "@/db/queries/learning";
import { formatDuration } from "@/lib/learning/format";

const TYPE_ICON = { text: FileText, video: PlayCircle, avatar_video: PlayCircle, quiz: HelpCircle, download: FileDown } as const;

/**
 * The player's sidebar: modules, their lessons in order, a check for each completed, a lock for each
 * locked (its reason is on the lesson's own page), the length where known, the current lesson marked.
 */
export function Curriculum({ course, currentLessonId }: { course: StudentCourse; currentLessonId: string | null }) {
  return (
    <nav aria-label="Course content" className="flex flex-col gap-4">
      {course.modules.map((m) => (
        <section key={m.id} aria-label={m.title}>
          <h3 className="mb-1 px-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{m.title}</h3>
          <ol className="flex flex-col">
            {m.lessons.map((l) => {
              const current = l.id === currentLessonId;
              const Icon = TYPE_ICON[l.type as keyof typeof TYPE_ICON] ?? FileText;
              const length = formatDuration(l.durationSeconds);
              return (
                <li key={l.id}>
                  <Link
                    href={`/learn/${course.course.slug}/${l.id}`}
                    aria-current={current ? "page" : undefined}
                    className={`flex items-start gap-2 rounded-md px-2 py-2 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand ${current ? "bg-zinc-100 font-medium" : ""}`}
                  >
                    {l.completed ? (
                      <CheckCircle2 aria-label="Completed" className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                    ) : l.access.open ? (
                      <Circle aria-label="Not completed" className="mt-0.5 size-4 shrink-0 text-zinc-400" />
                    ) : (
                      <Lock aria-label="Locked" className="mt-0.5 size-4 shrink-0 text-zinc-400" />
                    )}
                    <span className={`flex-1 ${l.access.open ? "" : "text-zinc-500"}`}>{l.title}</span>
                    <span className="flex shrink-0 items-center gap-1 text-xs text-zinc-500">
                      <Icon aria-hidden className="size-3.5" />
                      {length}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </nav>
  );
}
