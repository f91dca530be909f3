import { ExternalLink } from "lucide-react";
import { AccountMenu } from "@/components/dashboard/account-menu";
import { NavLinks } from "@/components/dashboard/nav-links";
import { OrgProvider } from "@/components/dashboard/org-context";
import { OrgSwitcher } from "@/components/dashboard/org-switcher";
import { countUsage } from "@/db/queries/limits";
import { listCreatorsForUser } from "@/db/queries/tenants";
import { METRIC_LABEL } from "@/lib/platform-billing/plans";
import { isPlatformAdmin } from "@/lib/auth/platform-admin";
import { requireOrg } from "@/lib/auth/session";
import { tenantUrl } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { creator, user, scope } = await requireOrg(org);
  const [orgs, { plan, usage }] = await Promise.all([listCreatorsForUser(user.id), countUsage(scope)]);
  // 80% warning (a 1-seat plan is not "nearly full" because its owner uses the seat)
  const adminLinks = isPlatformAdmin(user) ? [{ href: "/admin", label: "Platform admin" }] : [];
  const near = usage.filter((u) => u.limit !== null && u.limit > 1 && u.ratio >= 0.8);
  return (
    <div className="min-h-screen md:grid md:grid-cols-[240px_1fr]">
      <aside className="flex flex-col gap-4 border-b border-zinc-200 bg-white p-3 md:min-h-screen md:border-r md:border-b-0 md:p-4">
        <div className="flex items-center justify-between gap-2 md:flex-col md:items-stretch">
          <span className="hidden text-sm font-bold md:block">Courseforge</span>
          <div className="min-w-0 flex-1 md:flex-none">
            <OrgSwitcher current={{ slug: creator.slug, name: creator.name }} orgs={orgs} />
          </div>
          <div className="md:hidden">
            <AccountMenu name={user.name} email={user.email} links={adminLinks} />
          </div>
        </div>
        <OrgProvider org={creator.slug}>
          <NavLinks />
        </OrgProvider>
        <a
          href={tenantUrl(creator.slug)}
          target="_blank"
          rel="noreferrer"
          className="hidden items-center gap-2 px-3 text-sm text-zinc-600 hover:underline md:flex"
        >
          <ExternalLink className="h-4 w-4" aria-hidden /> View site
        </a>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="hidden items-center justify-end gap-3 border-b border-zinc-200 bg-white px-6 py-3 md:flex">
          <AccountMenu name={user.name} email={user.email} links={adminLinks} />
        </header>
        {near.length ? (
          <div role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 md:px-8">
            {near.map((u) => `${u.used} of ${u.limit} ${METRIC_LABEL[u.metric]}`).join(" · ")} used on the {plan.name} plan.{" "}
            <a href={`/${creator.slug}/settings/billing`} className="font-medium underline">
              {near.some((u) => u.ratio >= 1) ? "Upgrade to add more" : "See plans"}
            </a>
          </div>
        ) : null}
        <main className="flex-1 p-4 md:p-8">
          <OrgProvider org={creator.slug}>{children}</OrgProvider>
        </main>
      </div>
    </div>
  );
}
