import { pingDatabase } from "@/db/queries/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  try {
    const driver = await pingDatabase();
    return Response.json({ ok: true, database: driver, ms: Math.round(performance.now() - started) });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
