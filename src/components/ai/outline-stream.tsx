"use client";
import { Loader2 } from "lucide-react";
import { parse } from "partial-json";

type Partial = { title?: string; subtitle?: string; modules?: { title?: string; lessons?: { title?: string }[] }[] };

/** The outline while the model writes it: its JSON so far, read leniently, shown as modules and lessons appear. */
export function OutlineStream({ draft }: { draft: string }) {
  let o: Partial = {};
  try {
    o = (draft ? parse(draft) : {}) as Partial;
  } catch {
    o = {};
  }
  return (
    <div className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-5" aria-live="polite" aria-busy="true" data-testid="outline-stream">
      <p className="flex items-center gap-2 text-sm text-zinc-500">
        <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> Writing the outline…
      </p>
      {o.title ? <h2 className="text-xl font-semibold">{o.title}</h2> : null}
      {o.subtitle ? <p className="text-zinc-600">{o.subtitle}</p> : null}
      <ol className="flex flex-col gap-3">
        {(o.modules ?? []).map((m, i) => (
          <li key={i}>
            <p className="font-medium">
              Module {i + 1}: {m.title ?? "…"}
            </p>
            <ul className="ml-5 list-disc text-sm text-zinc-700">{(m.lessons ?? []).map((l, j) => (l.title ? <li key={j}>{l.title}</li> : null))}</ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
