import { notFound, redirect } from "next/navigation";
import { loadCourseForStudent, resumeLesson } from "@/db/queries/learning";
import { siteScopeFor } from "@/db/scope";
import { getSessionUser } from "@/lib/auth/session";
import { requireSite } from "@/lib/site/portal";

/** "Continue" / "Start": where the student left off, else the first open lesson not completed; a visitor gets the first free preview. */
export default async function CourseStartPage({ params }: { params: Promise<{ site: string; course: string }> }) {
  const { site: key, course: slug } = await params;
  const site = await requireSite(key);
  const user = await getSessionUser();
  const c = await loadCourseForStudent(siteScopeFor(site), { courseSlug: slug, userId: user?.id ?? null });
  if (!c) notFound();
  const lessonId = resumeLesson(c);
  if (lessonId) redirect(`/learn/${c.course.slug}/${lessonId}`);
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/learn/${c.course.slug}`)}`);
  redirect(`/courses/${c.course.slug}`);
}
