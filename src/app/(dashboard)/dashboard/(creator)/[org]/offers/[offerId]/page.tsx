import { notFound } from "next/navigation";
import { OfferForm } from "@/components/commerce/offer-form";
import { OfferStatusButtons } from "@/components/commerce/offer-status-buttons";
import { listCourses } from "@/db/queries/courses";
import { getOffer, listOffers } from "@/db/queries/offers";
import { requireOrg } from "@/lib/auth/session";
import { offerFormInitial } from "@/components/commerce/offer-form-initial";

export const metadata = { title: "Offer" };

export default async function OfferPage({ params }: { params: Promise<{ org: string; offerId: string }> }) {
  const { org, offerId } = await params;
  const { scope, role } = await requireOrg(org);
  if (!/^[0-9a-f-]{36}$/i.test(offerId)) notFound();
  const offer = await getOffer(scope, offerId);
  if (!offer) notFound();
  const [courses, offers] = await Promise.all([listCourses(scope), listOffers(scope)]);
  const canEdit = role !== "editor";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{offer.name}</h1>
        {canEdit ? <OfferStatusButtons offerId={offer.id} status={offer.status} /> : null}
      </div>
      <OfferForm
        offerId={offer.id}
        initial={offerFormInitial(offer)}
        courses={courses
          .filter((c) => c.status !== "archived" || offer.courses.some((x) => x.courseId === c.id))
          .map((c) => ({ id: c.id, title: c.title, status: c.status }))}
        bumpChoices={offers.filter((o) => o.id !== offer.id && o.type === "one_time" && o.status !== "archived").map((o) => ({ id: o.id, name: o.name }))}
        typeLocked={offer.status !== "draft"}
        canEdit={canEdit}
      />
    </div>
  );
}
