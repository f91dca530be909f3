"use client";
import { Captions, Trash2, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { addVideoCaptionsAction } from "@/actions/media/add-video-captions";
import { removeVideoCaptionsAction } from "@/actions/media/remove-video-captions";
import { useOrg } from "@/components/dashboard/org-context";

const LANGUAGES: [string, string][] = [
  ["en", "English"],
  ["es", "Español"],
  ["fr", "Français"],
  ["de", "Deutsch"],
  ["it", "Italiano"],
  ["pt", "Português"],
  ["nl", "Nederlands"],
  ["pl", "Polski"],
  ["ja", "日本語"],
  ["zh", "中文"],
  ["ar", "العربية"],
  ["hi", "हिन्दी"],
];

/** A video's caption tracks in the builder: one per language (WebVTT or SRT), listed with a way to remove each. */
export function CaptionTracks({ videoId, captions }: { videoId: string; captions: { lang: string; label: string }[] }) {
  const org = useOrg();
  const router = useRouter();
  const [lang, setLang] = useState(LANGUAGES.find(([l]) => !captions.some((c) => c.lang === l))?.[0] ?? "en");
  const [busy, setBusy] = useState(false);
  const fileId = useId();
  return (
    <section aria-labelledby={`${fileId}-h`} className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3">
      <h3 id={`${fileId}-h`} className="flex items-center gap-1.5 text-sm font-semibold">
        <Captions aria-hidden className="size-4" /> Captions
      </h3>
      {captions.length ? (
        <ul className="flex flex-col divide-y divide-zinc-100 text-sm">
          {captions.map((c) => (
            <li key={c.lang} className="flex items-center justify-between py-1.5">
              <span>
                {c.label} <span className="text-zinc-500">({c.lang})</span>
              </span>
              <button
                type="button"
                aria-label={`Remove ${c.label} captions`}
                className="rounded p-1 text-zinc-500 hover:bg-zinc-100"
                onClick={async () => {
                  const r = await removeVideoCaptionsAction({ org, videoId, lang: c.lang });
                  if (r.ok) router.refresh();
                  else toast.error(r.message);
                }}
              >
                <Trash2 aria-hidden className="size-4" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-600">No captions yet. Captions help students who watch without sound, and are needed for accessibility.</p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <select
          aria-label="Caption language"
          value={lang}
          onChange={(e) => setLang(e.target.value)}
          className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm"
        >
          {LANGUAGES.map(([l, name]) => (
            <option key={l} value={l}>
              {name}
            </option>
          ))}
        </select>
        <label
          htmlFor={fileId}
          className={`inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-50 ${busy ? "opacity-60" : ""}`}
        >
          <Upload aria-hidden className="size-4" /> Upload .vtt or .srt
          <input
            id={fileId}
            type="file"
            accept=".vtt,.srt,text/vtt"
            className="sr-only"
            disabled={busy}
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (!f) return;
              if (f.size > 900 * 1024) return void toast.error("Caption files can be at most 900 KB.");
              setBusy(true);
              const label = LANGUAGES.find(([l]) => l === lang)?.[1] ?? lang;
              if (captions.some((c) => c.lang === lang) && !window.confirm(`Replace the ${label} captions?`)) return setBusy(false);
              const r = await addVideoCaptionsAction({ org, videoId, lang, label, text: await f.text() });
              setBusy(false);
              if (r.ok) {
                toast.success(`${label} captions added`);
                // The next upload is most likely another language.
                const next = LANGUAGES.find(([l]) => l !== lang && !r.data.captions.some((c) => c.lang === l));
                if (next) setLang(next[0]);
                router.refresh();
              } else toast.error(r.message);
            }}
          />
        </label>
      </div>
    </section>
  );
}
