import Link from "next/link";
import { DomainManager, type DomainView } from "@/components/domains/domain-manager";
import { GRACE_DAYS, listDomains } from "@/db/queries/domains";
import { requireOrg } from "@/lib/auth/session";
import { dnsRecordsOf } from "@/lib/domains/verify";
import { DOMAIN_CHECK_BACKOFF } from "@/inngest/functions/verify-domain";
import { env } from "@/lib/env";
import { PLAN_IDS, planOf } from "@/lib/platform-billing/plans";

export const metadata = { title: "Domains" };

export default async function DomainsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, creator, role } = await requireOrg(org);
  const plan = planOf(creator.plan);
  const firstWithDomains = PLAN_IDS.map(planOf).find((p) => p.limits.customDomain);
  const entries = await listDomains(scope);
  const view: DomainView[] = entries.map((d) => ({
    id: d.id,
    hostname: d.hostname,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    isPrimary: d.isPrimary,
    lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null,
    lastCheckError: d.lastCheckError,
    failingSince: d.failingSince?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    twin: d.twin ? { hostname: d.twin.hostname, verifiedAt: d.twin.verifiedAt?.toISOString() ?? null, isPrimary: d.twin.isPrimary } : null,
    records: dnsRecordsOf(d),
  }));
  const subdomain = `${creator.slug}.${env().rootDomain}`;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Domains</h1>
        <p className="text-sm text-zinc-500">
          Your school always answers at <span className="font-medium text-zinc-700">{subdomain}</span>. Connect a domain you own and it becomes your
          school&apos;s main address; {subdomain} then redirects there.
        </p>
      </div>
      {!plan.limits.customDomain && entries.length ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The {plan.name} plan does not include custom domains, so these are not serving your school now: it answers at {subdomain}.{" "}
          {role === "owner" ? (
            <Link href={`/${creator.slug}/settings/billing`} className="font-medium underline">
              Upgrade to serve them again
            </Link>
          ) : (
            "An owner can upgrade to serve them again."
          )}
        </p>
      ) : null}
      {plan.limits.customDomain || entries.length ? (
        <DomainManager
          canEdit={role !== "editor"}
          domains={view}
          retryDays={Math.round(DOMAIN_CHECK_BACKOFF.reduce((n, d) => n + hours(d), 0) / 24)}
          graceDays={GRACE_DAYS}
        />
      ) : (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center">
          <h2 className="font-semibold">Custom domains come with the {firstWithDomains?.name ?? "paid"} plan and up</h2>
          <p className="mt-1 text-sm text-zinc-500">
            Your school is on the {plan.name} plan. Upgrade to serve it from your own domain, like learn.yourname.com.
          </p>
          {role === "owner" ? (
            <Link
              href={`/${creator.slug}/settings/billing`}
              className="mt-4 inline-block rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-800"
            >
              See plans
            </Link>
          ) : (
            <p className="mt-3 text-sm text-zinc-500">Ask an owner of the school to upgrade.</p>
          )}
        </div>
      )}
    </div>
  );
}

function hours(d: string): number {
  const n = Number.parseInt(d, 10);
  return d.endsWith("m") ? n / 60 : d.endsWith("h") ? n : n * 24;
}
