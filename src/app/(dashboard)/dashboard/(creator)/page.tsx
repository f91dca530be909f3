import { redirect } from "next/navigation";
import { listCreatorsForUser } from "@/db/queries/tenants";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** app.<root>/ → your first school's dashboard, or onboarding if you have none. */
export default async function DashboardIndex() {
  const user = await requireUser("/");
  const orgs = await listCreatorsForUser(user.id);
  if (orgs[0]) redirect(`/${orgs[0].slug}`);
  redirect("/onboarding");
}
