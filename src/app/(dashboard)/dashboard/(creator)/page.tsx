import { redirect } from "next/navigation";
import { listCreatorsForUser } from "@/db/queries/tenants";
import { isPlatformAdmin } from "@/lib/auth/platform-admin";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** app.<root>/ → your first school's dashboard; else the admin home for a platform admin, onboarding for anyone else. */
export default async function DashboardIndex() {
  const user = await requireUser("/");
  const orgs = await listCreatorsForUser(user.id);
  if (orgs[0]) redirect(`/${orgs[0].slug}`);
  // A platform admin without a school of their own lands on the admin home, not on "Name your school".
  if (isPlatformAdmin(user)) redirect("/admin");
  redirect("/onboarding");
}
