import { z } from "zod";
import { enrolledInCourse } from "@/db/queries/enrollments";
import { sessionForRequest } from "@/lib/auth/session";
import { courseSlug } from "@/lib/courses/schemas";
import { resolveHostTenant } from "@/lib/tenant/resolve";

export const dynamic = "force-dynamic";

const query = z.object({ course: courseSlug });

/**
 * GET /api/enrolment?course=<slug> on a school's host: whether the visitor (their session on this host) is
 * enrolled in that course of this school — what a cached sales page asks after loading, to offer "Continue
 * the course". Another school's course, a signed-out visitor or a session from another host: not enrolled.
 */
export async function GET(request: Request): Promise<Response> {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ message: "Name a course by its address (?course=…)." }, { status: 400 });
  const tenant = await resolveHostTenant(request.headers.get("host"));
  if (!tenant) return Response.json({ message: "Not found" }, { status: 404 });
  const session = await sessionForRequest(request.headers);
  const enrolled = session ? await enrolledInCourse(tenant.scope, { userId: session.user.id, courseSlug: parsed.data.course }) : false;
  return Response.json({ signedIn: !!session, enrolled }, { headers: { "cache-control": "private, no-store" } });
}
