import { extractSourceText, MAX_SOURCE_BYTES } from "@/lib/ai/course/source";
import { mayGenerate } from "@/lib/ai/access";
import { DomainError } from "@/lib/errors";
import { dashboardRequest, jsonError as fail } from "@/lib/http/dashboard-request";
import { logger } from "@/lib/logger";
import { readSingleFile } from "@/lib/storage/multipart";

/**
 * POST /api/ai/source?org=<slug> with multipart `file` (PDF, Markdown or text, ≤ 10 MB): the text of the
 * file for a course brief's source material. Nothing is stored: the text comes back to the wizard, which
 * sends it with the brief. Members who may generate only; size counted as the body streams.
 */
export async function POST(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const guard = await dashboardRequest(request, { org: url.searchParams.get("org"), minRole: "editor" });
  if (!guard.ok) return guard.response;
  if (!mayGenerate(guard.member)) return fail(403, "Your school's owner has not allowed editors to generate courses with AI.");
  const tooLarge = `Source files can be at most ${MAX_SOURCE_BYTES / 1024 / 1024} MB.`;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_SOURCE_BYTES + 1024 * 1024) return fail(413, tooLarge);
  const upload = await readSingleFile(request, { field: "file", maxBytes: MAX_SOURCE_BYTES, tooLarge });
  if (!upload.ok) return fail(upload.status, upload.message);
  try {
    const out = await extractSourceText(upload.bytes, upload.filename);
    return Response.json({ name: upload.filename.slice(0, 200), text: out.text, truncated: out.truncated, pages: out.pages ?? null, chars: out.text.length });
  } catch (err) {
    if (err instanceof DomainError) return fail(400, err.message);
    logger.error("ai.source_failed", { error: err instanceof Error ? err.message : String(err) });
    return fail(500, "The file could not be read. Try again, or paste the text.");
  }
}
