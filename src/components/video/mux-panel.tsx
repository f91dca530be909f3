"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { connectMuxAction } from "@/actions/media/connect-mux";
import { disconnectMuxAction } from "@/actions/media/disconnect-mux";
import { useOrg } from "@/components/dashboard/org-context";

const inputCls = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 font-mono text-sm";

/** The school's Mux account: connect it (checked with Mux first), see what is set up, disconnect. */
export function MuxPanel({
  canManage,
  webhookUrl,
  connection,
}: {
  canManage: boolean;
  webhookUrl: string;
  connection: { tokenId: string; signing: boolean; webhooks: boolean } | null;
}) {
  const org = useOrg();
  const router = useRouter();
  const [editing, setEditing] = useState(!connection);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  return (
    <section aria-labelledby="mux-h" className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4" data-testid="mux-panel">
      <div>
        <h2 id="mux-h" className="font-semibold">
          Mux
        </h2>
        <p className="text-sm text-zinc-600">
          Already host videos on Mux? Connect your Mux account and attach its videos to lessons by asset or playback ID; they keep streaming from Mux. You can
          also import one into Courseforge. Without a connection, only public playback IDs can be attached.
        </p>
      </div>
      {connection && !editing ? (
        <div className="flex flex-col gap-2 text-sm">
          <p>
            Connected with access token <span className="font-mono">{connection.tokenId}</span>.
          </p>
          <ul className="list-disc pl-5 text-zinc-700">
            <li>
              {connection.signing
                ? "Signed playback: on (videos with a signed playback policy play for those you let in)."
                : "Signed playback: no signing key — only public playback IDs play."}
            </li>
            <li>
              {connection.webhooks ? "Webhooks: on (status changes on Mux show up here)." : "Webhooks: no secret — add one to hear about status changes."}
            </li>
          </ul>
          <p className="text-zinc-600">
            Webhook address for Mux: <span className="font-mono break-all">{webhookUrl}</span>
          </p>
          {canManage ? (
            <div className="flex gap-2">
              <button type="button" className="rounded-md border border-zinc-300 px-3 py-1.5" onClick={() => setEditing(true)}>
                Change
              </button>
              <button
                type="button"
                className="rounded-md px-3 py-1.5 text-red-700"
                onClick={async () => {
                  if (!window.confirm("Disconnect Mux? Videos with a signed playback policy stop playing.")) return;
                  const r = await disconnectMuxAction({ org });
                  if (r.ok) router.refresh();
                  else toast.error(r.message);
                }}
              >
                Disconnect
              </button>
            </div>
          ) : null}
        </div>
      ) : canManage ? (
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            setBusy(true);
            const r = await connectMuxAction({
              org,
              tokenId: String(f.get("tokenId") ?? ""),
              tokenSecret: String(f.get("tokenSecret") ?? ""),
              signingKeyId: String(f.get("signingKeyId") ?? ""),
              signingKey: String(f.get("signingKey") ?? ""),
              webhookSecret: String(f.get("webhookSecret") ?? ""),
            });
            setBusy(false);
            if (r.ok) {
              toast.success("Mux connected");
              setEditing(false);
              setErrors({});
              router.refresh();
            } else {
              setErrors(r.fieldErrors ?? {});
              toast.error(r.message);
            }
          }}
        >
          {(
            [
              ["tokenId", "Access token ID", "text", true],
              ["tokenSecret", "Access token secret", "password", true],
              ["signingKeyId", "Signing key ID (optional)", "text", false],
              ["signingKey", "Signing key, base64 private key (optional)", "password", false],
              ["webhookSecret", "Webhook signing secret (optional)", "password", false],
            ] as const
          ).map(([name, label, type, required]) => (
            <label key={name} className={`flex flex-col gap-1 text-sm ${name === "signingKey" ? "sm:col-span-2" : ""}`}>
              {label}
              <input name={name} type={type} required={required} autoComplete="off" className={inputCls} aria-invalid={!!errors[name]} />
              {errors[name] ? <span className="text-xs text-red-700">{errors[name]![0]}</span> : null}
            </label>
          ))}
          <p className="text-xs text-zinc-500 sm:col-span-2">
            Create an access token with Mux Video read and write permission in Mux&apos;s dashboard. For webhooks, add this address in Mux:{" "}
            <span className="font-mono break-all">{webhookUrl}</span>
          </p>
          <div className="flex gap-2 sm:col-span-2">
            <button type="submit" disabled={busy} className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50">
              {busy ? "Checking with Mux…" : "Connect Mux"}
            </button>
            {connection ? (
              <button type="button" className="rounded-md px-3 py-2 text-sm" onClick={() => setEditing(false)}>
                Cancel
              </button>
            ) : null}
          </div>
        </form>
      ) : (
        <p className="text-sm text-zinc-600">Not connected. An owner or admin can connect the school&apos;s Mux account.</p>
      )}
    </section>
  );
}
