import { OfferForm } from "@/components/commerce/offer-form";
import { listCourses } from "@/db/queries/courses";
import { listOffers } from "@/db/queries/offers";
import { requireOrg } from "@/lib/auth/session";
import { offerFormInitial } from "@/components/commerce/offer-form-initial";

export const metadata = { title: "New offer" };

export default async function NewOfferPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, role } = await requireOrg(org, "admin");
  const [courses, offers] = await Promise.all([listCourses(scope), listOffers(scope)]);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">New offer</h1>
      <OfferForm
        offerId={null}
        initial={offerFormInitial(null)}
        courses={courses.filter((c) => c.status !== "archived").map((c) => ({ id: c.id, title: c.title, status: c.status }))}
        bumpChoices={offers.filter((o) => o.type === "one_time" && o.status !== "archived").map((o) => ({ id: o.id, name: o.name }))}
        typeLocked={false}
        canEdit={role !== "editor"}
      />
    </div>
  );
}
