import { headers } from "next/headers";
import { listStudents } from "@/db/queries/students";
import { dashboardScope } from "@/db/scope";
import { sessionForRequest } from "@/lib/auth/session";
import { studentsToCsv } from "@/lib/commerce/student-csv";

/** The school's students as CSV (owners and admins). Not a member → 404. */
export async function GET(_req: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const session = await sessionForRequest(await headers());
  if (!session) return new Response("Sign in first", { status: 401 });
  const ctx = await dashboardScope(session.user.id, org, "admin");
  if (!ctx) return new Response("Not found", { status: 404 });
  const rows = await listStudents(ctx.scope, { limit: 100_000 });
  return new Response(studentsToCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.creator.slug}-students.csv"`,
      "cache-control": "no-store",
    },
  });
}
