import Papa from "papaparse";
import { headers } from "next/headers";
import { listLedger } from "@/db/queries/credits";
import { dashboardScope } from "@/db/scope";
import { sessionForRequest } from "@/lib/auth/session";

/** The tenant's credit ledger as CSV (any team member). Not a member → 404. */
export async function GET(_req: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const session = await sessionForRequest(await headers());
  if (!session) return new Response("Sign in first", { status: 401 });
  const ctx = await dashboardScope(session.user.id, org);
  if (!ctx) return new Response("Not found", { status: 404 });
  const rows = await listLedger(ctx.scope, 10_000);
  const csv = Papa.unparse(
    rows.map((r) => ({
      date: r.createdAt.toISOString(),
      kind: r.kind,
      reason: r.reason ?? "",
      available_change: r.availableDelta,
      held_change: r.heldDelta,
      transaction_id: r.id,
      idempotency_key: r.idempotencyKey,
    })),
    { escapeFormulae: true },
  );
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.creator.slug}-credits.csv"`,
      "cache-control": "no-store",
    },
  });
}
