"use client";
import { formatDistanceToNow } from "date-fns";
import { Check, Copy, Globe } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { addDomainAction } from "@/actions/domains/add-domain";
import { makePrimaryDomainAction } from "@/actions/domains/make-primary-domain";
import { removeDomainAction } from "@/actions/domains/remove-domain";
import { verifyDomainAction } from "@/actions/domains/verify-domain";
import { useOrg } from "@/components/dashboard/org-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { DnsRecord } from "@/lib/domains/records";

export type DomainView = {
  id: string;
  hostname: string;
  verifiedAt: string | null;
  isPrimary: boolean;
  lastCheckedAt: string | null;
  lastCheckError: string | null;
  failingSince: string | null;
  createdAt: string;
  twin: { hostname: string; verifiedAt: string | null; isPrimary: boolean } | null;
  records: DnsRecord[];
};

export function DomainManager({ canEdit, domains, retryDays, graceDays }: { canEdit: boolean; domains: DomainView[]; retryDays: number; graceDays: number }) {
  const org = useOrg();
  const router = useRouter();
  const [hostname, setHostname] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pending = domains.some((d) => !d.verifiedAt);
  // Domains whose Verify now was pressed here: their check's result is shown at once.
  const [pressed, setPressed] = useState<ReadonlySet<string>>(new Set());

  // While a domain waits for its DNS, the scheduled checks may verify it: show it without a reload.
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => router.refresh(), 30_000);
    return () => clearInterval(t);
  }, [pending, router]);

  async function run<T extends { ok: boolean; message?: string }>(key: string, fn: () => Promise<T>): Promise<T> {
    setBusy(key);
    try {
      return await fn();
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      {canEdit ? (
        <form
          className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-5 sm:flex-row sm:items-start"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            const res = await run("add", () => addDomainAction({ org, hostname }));
            if (!res.ok) {
              setError(res.fieldErrors?.hostname?.[0] ?? res.message);
              return;
            }
            toast.success(res.data.twin ? `Added ${res.data.hostname} and ${res.data.twin}` : `Added ${res.data.hostname}`, {
              description: "Create the DNS records below, then verify.",
            });
            setHostname("");
            router.refresh();
          }}
        >
          <div className="flex-1">
            <Field
              id="domain-hostname"
              label="Add a domain"
              error={error ?? undefined}
              hint="A subdomain like learn.example.com, or example.com (www.example.com is added with it)."
            >
              <Input
                id="domain-hostname"
                value={hostname}
                onChange={(e) => setHostname(e.target.value)}
                placeholder="learn.example.com"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={!!error}
                aria-describedby={error ? "domain-hostname-error" : undefined}
              />
            </Field>
          </div>
          <Button type="submit" className="sm:mt-6" disabled={busy === "add" || !hostname.trim()}>
            {busy === "add" ? "Adding…" : "Add domain"}
          </Button>
        </form>
      ) : (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-600">Only owners and admins can add or change domains.</p>
      )}

      {domains.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center">
          <Globe className="h-8 w-8 text-zinc-400" aria-hidden />
          <h2 className="font-semibold">No domains yet</h2>
          <p className="max-w-md text-sm text-zinc-500">
            Add a domain you own. We show you the DNS records to create where you manage the domain, and check them for you.
          </p>
        </div>
      ) : (
        <ul className="flex flex-col gap-4" aria-label="Your domains">
          {domains.map((d) => (
            <li key={d.id} className="rounded-lg border border-zinc-200 bg-white" data-testid={`domain-${d.hostname}`}>
              <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <h2 className="flex flex-wrap items-center gap-2 font-semibold break-all">
                    {d.hostname}
                    <Status verified={!!d.verifiedAt} primary={d.isPrimary} />
                  </h2>
                  {d.twin ? (
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
                      with {d.twin.hostname} <Status verified={!!d.twin.verifiedAt} primary={d.twin.isPrimary} />
                    </p>
                  ) : null}
                </div>
                {canEdit ? (
                  <div className="flex flex-wrap gap-2">
                    {!d.verifiedAt || (d.twin && !d.twin.verifiedAt) ? (
                      <Button
                        size="sm"
                        disabled={busy !== null}
                        onClick={async () => {
                          const res = await run(`verify-${d.id}`, () => verifyDomainAction({ org, domainId: d.id }));
                          setPressed((s) => new Set(s).add(d.id));
                          if (!res.ok) toast.error(res.message);
                          else if (res.data.verified && res.data.twinVerified === false)
                            toast.success(`${d.hostname} is verified`, { description: `${d.twin?.hostname} still needs its CNAME record.` });
                          else if (res.data.verified) toast.success(`${d.hostname} is verified`, { description: "Your school now answers there." });
                          else toast.error("Not verified yet", { description: res.data.problem ?? undefined });
                          router.refresh();
                        }}
                      >
                        {busy === `verify-${d.id}` ? "Checking…" : "Verify now"}
                      </Button>
                    ) : null}
                    {[d, ...(d.twin ? [d.twin] : [])]
                      .filter((n) => n.verifiedAt && !n.isPrimary)
                      .map((n) => (
                        <Button
                          key={n.hostname}
                          size="sm"
                          variant="outline"
                          disabled={busy !== null}
                          onClick={async () => {
                            const res = await run(`primary-${n.hostname}`, () => makePrimaryDomainAction({ org, hostname: n.hostname }));
                            if (!res.ok) toast.error(res.message);
                            else toast.success(`${n.hostname} is now your main address`);
                            router.refresh();
                          }}
                        >
                          Make {n.hostname} main
                        </Button>
                      ))}
                    <Button
                      size="sm"
                      variant="outline"
                      disabled={busy !== null}
                      onClick={async () => {
                        const names = [d.hostname, ...(d.twin ? [d.twin.hostname] : [])].join(" and ");
                        if (!window.confirm(`Remove ${names}? Your school stops answering there at once.`)) return;
                        const res = await run(`remove-${d.id}`, () => removeDomainAction({ org, domainId: d.id }));
                        if (!res.ok) toast.error(res.message);
                        else toast.success(`Removed ${names}`);
                        router.refresh();
                      }}
                    >
                      Remove
                    </Button>
                  </div>
                ) : null}
              </div>
              <div className="flex flex-col gap-3 px-4 py-3 text-sm">
                {d.verifiedAt ? (
                  <>
                    <p className="text-zinc-600">
                      Verified {formatDistanceToNow(new Date(d.verifiedAt), { addSuffix: true })}. Keep these records in place: they are what sends visitors to
                      your school. We check them daily.
                    </p>
                    {d.lastCheckError ? (
                      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
                        {d.failingSince ? `Missing since ${formatDistanceToNow(new Date(d.failingSince), { addSuffix: true })}. ` : null}
                        {d.lastCheckError} Put the records back within {graceDays} days or the domain stops serving your school.
                      </p>
                    ) : null}
                  </>
                ) : (
                  <>
                    <p className="text-zinc-600">
                      {canEdit ? (
                        <>
                          At the company where you manage <strong>{apexOfRecords(d.records)}</strong> (your registrar or DNS host), add these records — some
                          panels call the name “Host” — then press <strong>Verify now</strong>. We also check on our own for {retryDays} days.
                        </>
                      ) : (
                        <>An owner or admin of the school adds these records where {apexOfRecords(d.records)} is managed; we check them on our own.</>
                      )}
                    </p>
                    {d.lastCheckError && (pressed.has(d.id) || settled(d)) ? (
                      <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
                        {d.lastCheckedAt ? `Checked ${formatDistanceToNow(new Date(d.lastCheckedAt), { addSuffix: true })}. ` : null}
                        {d.lastCheckError}
                      </p>
                    ) : (
                      <p className="text-zinc-500">Waiting for your records.</p>
                    )}
                  </>
                )}
                <RecordsTable records={d.records} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The domain the records live under (the TXT record's, minus its own label). */
const apexOfRecords = (records: DnsRecord[]) => records.find((r) => r.type === "TXT")?.name.replace(/^[^.]+\./, "") ?? "";

/** A failed check is news once the creator has had time to add the records (or pressed Verify since). */
function settled(d: DomainView): boolean {
  if (!d.lastCheckedAt) return false;
  return new Date(d.lastCheckedAt).getTime() - new Date(d.createdAt).getTime() > 10 * 60_000 || Date.now() - new Date(d.createdAt).getTime() > 10 * 60_000;
}

function Status({ verified, primary }: { verified: boolean; primary: boolean }) {
  return (
    <>
      {verified ? <Badge variant="success">Verified</Badge> : <Badge variant="warning">Waiting for DNS</Badge>}
      {primary ? <Badge variant="info">Main address</Badge> : verified ? <Badge>Redirects to main</Badge> : null}
    </>
  );
}

function RecordsTable({ records }: { records: DnsRecord[] }) {
  // A table on wide screens; on a phone each record stacks its type, name and value.
  return (
    <div role="table" aria-label="DNS records to create" className="text-sm">
      <div role="rowgroup" className="hidden text-xs text-zinc-500 uppercase sm:block">
        <div role="row" className="grid grid-cols-[5rem_minmax(0,14rem)_minmax(0,1fr)] gap-3 py-1">
          <span role="columnheader">Type</span>
          <span role="columnheader">Name</span>
          <span role="columnheader">Value</span>
        </div>
      </div>
      <div role="rowgroup" className="divide-y divide-zinc-100">
        {records.map((r) => (
          <div role="row" key={`${r.type}-${r.name}`} className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[5rem_minmax(0,14rem)_minmax(0,1fr)] sm:gap-3">
            <span role="cell" className="font-mono">
              <span className="text-xs text-zinc-500 sm:hidden">Type </span>
              {r.type}
            </span>
            <span role="cell">
              <span className="text-xs text-zinc-500 sm:hidden">Name </span>
              <span className="font-mono break-all" title={r.name}>
                {r.label}
              </span>
              <span className="block text-xs text-zinc-500">{r.purpose}</span>
            </span>
            <span role="cell" className="flex items-start gap-2">
              <code className="break-all">{r.value}</code>
              <CopyButton value={r.value} label={`Copy the ${r.type} value for ${r.label}`} />
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      className="shrink-0 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-400 focus-visible:outline-none"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error("Could not copy; select the value and copy it instead.");
        }
      }}
    >
      {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
    </button>
  );
}
