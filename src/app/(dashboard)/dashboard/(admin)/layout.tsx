import { AdminNav } from "@/components/admin/admin-nav";
import { AccountMenu } from "@/components/dashboard/account-menu";
import { listCreatorsForUser } from "@/db/queries/tenants";
import { isPlatformAdmin } from "@/lib/auth/platform-admin";
import { getSessionUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * The platform-admin area (app host) in the dashboard's shell: the admin home, schools, jobs and the outbox
 * in a side navigation (a scrolling strip on a phone), the account menu, and the way to one's own schools.
 * Each page checks the admin itself (anyone else gets 404); the outbox may be open to everyone in
 * development (OUTBOX_VIEWER), and then shows without the admin shell to those who are not admins.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user || !isPlatformAdmin(user)) return children;
  const orgs = await listCreatorsForUser(user.id);
  const schools = orgs[0] ? { href: `/${orgs[0].slug}`, label: "Your schools" } : { href: "/onboarding", label: "Create a school" };
  return (
    <div className="min-h-screen md:grid md:grid-cols-[240px_1fr]">
      <aside className="flex flex-col gap-4 border-b border-zinc-200 bg-white p-3 md:min-h-screen md:border-r md:border-b-0 md:p-4">
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm font-bold">
            Courseforge <span className="font-normal text-zinc-500">admin</span>
          </span>
          <div className="md:hidden">
            <AccountMenu name={user.name} email={user.email} links={[schools]} />
          </div>
        </div>
        <AdminNav />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="hidden items-center justify-end gap-3 border-b border-zinc-200 bg-white px-6 py-3 md:flex">
          <AccountMenu name={user.name} email={user.email} links={[schools]} />
        </header>
        <div className="flex-1">{children}</div>
      </div>
    </div>
  );
}
