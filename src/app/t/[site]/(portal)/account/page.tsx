import { format } from "date-fns";
import Link from "next/link";
import { AccountForms } from "@/components/account/account-forms";
import { listOrdersOfBuyer } from "@/db/queries/student-orders";
import { formatMoney } from "@/lib/commerce/pricing";
import { tenantUrl } from "@/lib/env";
import { requireStudent } from "@/lib/site/portal";
import { parseSiteSegment } from "@/lib/tenant/host";

export const metadata = { title: "Account" };

const STATUS = { paid: "Paid", refunded: "Refunded" } as Record<string, string>;

export default async function AccountPage({ params, searchParams }: { params: Promise<{ site: string }>; searchParams: Promise<{ email?: string }> }) {
  const segment = (await params).site;
  const { site, scope, user } = await requireStudent(segment, "/account");
  // On a custom domain (its DNS is the school's) the account's name, email and password are changed on the
  // school's subdomain: src/lib/tenant/account-host.ts.
  const onCustomDomain = parseSiteSegment(segment)?.kind === "custom";
  const [orders, { email }] = await Promise.all([listOrdersOfBuyer(scope, user.id), searchParams]);
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-8 px-4 py-10">
      <div>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="text-sm text-zinc-600">
          {user.name} · {user.email}
          {user.emailVerified ? "" : " (not confirmed yet)"}
        </p>
        {email === "changed" ? (
          <p role="status" className="mt-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Your email address is now {user.email}.
          </p>
        ) : null}
      </div>
      {onCustomDomain ? (
        <section aria-labelledby="signin-h" className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-5">
          <h2 id="signin-h" className="font-semibold">
            Name, email and password
          </h2>
          <p className="text-sm text-zinc-600">
            Your Courseforge account also works at other schools, so its details are changed on {site.name}&rsquo;s Courseforge address.
          </p>
          <a href={tenantUrl(site.slug, "/account")} className="self-start rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50">
            Manage your sign-in details
          </a>
        </section>
      ) : (
        <>
          {site.customDomain ? (
            <a href={tenantUrl(site.customDomain, "/library")} className="self-start text-sm font-medium underline">
              ← Back to {site.name}
            </a>
          ) : null}
          <AccountForms name={user.name} email={user.email} schoolName={site.name} />
        </>
      )}
      <section aria-labelledby="orders-h" className="flex flex-col gap-3">
        <h2 id="orders-h" className="text-lg font-semibold">
          Orders and receipts
        </h2>
        {orders.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600">No orders yet.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-zinc-100 rounded-lg border border-zinc-200">
            {orders.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm" data-testid="account-order">
                <div>
                  <p className="font-medium">{o.offerName}</p>
                  <p className="text-zinc-600">
                    {format(o.createdAt, "d MMM yyyy")} · {o.amountTotal ? formatMoney(o.amountTotal, o.currency) : "Free"} · {STATUS[o.status] ?? o.status}
                    {o.amountRefunded && o.status !== "refunded" ? ` · ${formatMoney(o.amountRefunded, o.currency)} refunded` : ""}
                  </p>
                </div>
                <Link href={`/account/orders/${o.id}`} className="font-medium underline">
                  Receipt<span className="sr-only"> for {o.offerName}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
