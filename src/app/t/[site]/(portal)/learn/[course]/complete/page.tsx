import { Award, Download } from "lucide-react";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { certificateOf } from "@/db/queries/certificates";
import { loadCourseForStudent } from "@/db/queries/learning";
import { verifyUrlOf } from "@/lib/learning/certificate";
import { requireStudent } from "@/lib/site/portal";

export const metadata = { title: "Course complete" };

/** Where completing a course lands: congratulations, the certificate to download, and its public proof. */
export default async function CourseCompletePage({ params }: { params: Promise<{ site: string; course: string }> }) {
  const { site: key, course: slug } = await params;
  const { site, scope, user } = await requireStudent(key, `/learn/${slug}/complete`);
  const c = await loadCourseForStudent(scope, { courseSlug: slug, userId: user.id });
  if (!c) notFound();
  if (!c.enrollment?.completedAt) redirect(`/learn/${c.course.slug}`);
  const cert = await certificateOf(scope, { userId: user.id, courseSlug: c.course.slug });
  return (
    <main className="mx-auto flex max-w-xl flex-col items-center gap-5 px-4 py-16 text-center">
      <Award aria-hidden className="size-14 text-brand" />
      <h1 className="text-3xl font-semibold tracking-tight">You completed {c.course.title}!</h1>
      <p className="text-zinc-600">Well done, {user.name}. Every lesson is complete.</p>
      {cert ? (
        <div className="flex flex-col items-center gap-3">
          <a
            href={`/certificate/${c.course.slug}`}
            download
            className="inline-flex items-center gap-2 rounded-md bg-brand px-5 py-2.5 font-medium text-white"
            data-testid="certificate-download"
          >
            <Download aria-hidden className="size-4" /> Download your certificate (PDF)
          </a>
          <p className="text-sm text-zinc-600">
            Serial <span className="font-mono">{cert.serial}</span> ·{" "}
            <Link href={`/verify/${cert.serial}`} className="underline">
              anyone can check it at {verifyUrlOf(site).replace(/^https?:\/\//, "")}
            </Link>
          </p>
        </div>
      ) : null}
      <div className="flex gap-4 text-sm">
        <Link href={`/learn/${c.course.slug}`} className="font-medium underline">
          Back to the course
        </Link>
        <Link href="/library" className="font-medium underline">
          My library
        </Link>
      </div>
    </main>
  );
}
