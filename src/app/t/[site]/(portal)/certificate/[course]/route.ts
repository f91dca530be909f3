import { certificateOf } from "@/db/queries/certificates";
import { findStudent } from "@/db/queries/students";
import { siteScopeFor } from "@/db/scope";
import { courseSlug } from "@/lib/courses/schemas";
import { getSessionUser } from "@/lib/auth/session";
import { certificatePdf } from "@/lib/learning/certificate";
import { getSite } from "@/lib/tenant/resolve";

/**
 * GET the signed-in student's own certificate for a course, as a PDF. Only its holder gets it, and only
 * on the school's host (sessions are per host); anyone else — another student, another school's — is told
 * it is not found. The public proof is the verification page, by serial.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ site: string; course: string }> }): Promise<Response> {
  const { site: key, course } = await params;
  const site = await getSite(key);
  if (!site) return new Response("Not found", { status: 404 });
  const user = await getSessionUser();
  if (!user)
    return new Response(null, { status: 303, headers: { location: `/sign-in?next=${encodeURIComponent(`/certificate/${encodeURIComponent(course)}`)}` } });
  const scope = siteScopeFor(site);
  const student = await findStudent(scope, user.id);
  const slug = courseSlug.safeParse(course);
  const cert = student?.status === "active" && slug.success ? await certificateOf(scope, { userId: user.id, courseSlug: slug.data }) : null;
  if (!cert) return new Response("Not found", { status: 404 });
  const pdf = await certificatePdf(site, cert);
  const name = `certificate-${course}.pdf`;
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${name.replace(/[^a-z0-9.-]/gi, "-")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
