import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SalesPageEditor } from "@/components/sales-page/sales-page-editor";
import { getCourseOutline } from "@/db/queries/courses";
import { requireOrg } from "@/lib/auth/session";
import { salesPageOf } from "@/lib/courses/sales-page";
import { tenantUrl } from "@/lib/env";

export const metadata: Metadata = { title: "Sales page" };

export default async function SalesPageEditorPage({ params }: { params: Promise<{ org: string; courseId: string }> }) {
  const { org, courseId } = await params;
  const { scope, creator } = await requireOrg(org);
  if (!z.string().uuid().safeParse(courseId).success) notFound();
  const outline = await getCourseOutline(scope, courseId);
  if (!outline) notFound();
  const c = outline.course;
  const page = salesPageOf(c.salesPage);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href={`/${org}/courses/${c.id}`} className="text-sm text-zinc-500 hover:underline">
          ← {c.title}
        </Link>
        <h1 className="text-2xl font-semibold">Sales page</h1>
        <p className="text-sm text-zinc-500">
          What visitors read before they buy. Title, subtitle and cover come from the course settings; prices from its offers. Empty sections are not shown.
          {c.status === "published" ? (
            <>
              {" "}
              <a href={tenantUrl(creator.slug, `/courses/${c.slug}`)} target="_blank" rel="noreferrer" className="underline">
                View the page
              </a>
            </>
          ) : null}
        </p>
      </div>
      <SalesPageEditor
        courseId={c.id}
        version={c.version}
        initial={{ about: page.about?.doc ?? null, outcomes: page.outcomes, instructor: page.instructor, faq: page.faq, testimonials: page.testimonials }}
        shortDescription={c.description}
      />
    </div>
  );
}
