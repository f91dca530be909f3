import { FlaskConical, TriangleAlert } from "lucide-react";

export type ProviderState = { kind: "ok" } | { kind: "sample" } | { kind: "none" } | { kind: "error"; message: string };

/** Which AI answers here: nothing to say when a provider is configured; the sample provider labelled; none explained. */
export function ProviderNotice({ setup }: { setup: ProviderState }) {
  if (setup.kind === "ok") return null;
  if (setup.kind === "sample")
    return (
      <div className="flex gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="sample-provider">
        <FlaskConical className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
        <p>
          <strong>Sample provider.</strong> This installation has no AI provider connected, so it replays recorded answers: the outline and lessons follow your
          sizes and topic but are sample content, not written for your brief. Whoever runs this installation can connect Claude or OpenAI (
          <code>ANTHROPIC_API_KEY</code> or <code>OPENAI_API_KEY</code>, see <code>.env.example</code>).
        </p>
      </div>
    );
  return (
    <div role="alert" className="flex gap-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <TriangleAlert className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <p>
        {setup.kind === "error" ? (
          <>AI is misconfigured: {setup.message}</>
        ) : (
          <>
            No AI provider is configured. The platform&apos;s operator sets <code>ANTHROPIC_API_KEY</code> or <code>OPENAI_API_KEY</code> (or{" "}
            <code>OPENAI_BASE_URL</code> for an OpenAI-compatible server) and restarts; see <code>.env.example</code>.
          </>
        )}
      </p>
    </div>
  );
}
