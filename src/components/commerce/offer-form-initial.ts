import type { OfferFormProps } from "./offer-form";
import type { OfferDetail } from "@/db/queries/offers";

/** An offer as the form edits it (money as "49.00" text, one row per currency). */
export function offerFormInitial(o: OfferDetail | null): OfferFormProps["initial"] {
  if (!o)
    return {
      name: "",
      description: "",
      type: "one_time",
      courseIds: [],
      prices: [{ currency: "usd", amount: "", interval: "month", installments: "3" }],
      bumpOfferId: "",
      bumpHeadline: "",
    };
  return {
    name: o.name,
    description: o.description ?? "",
    type: o.type,
    courseIds: o.courses.map((c) => c.courseId),
    prices: o.prices.length
      ? o.prices.map((p) => ({
          currency: p.currency,
          amount: (p.amount / 100).toFixed(2),
          interval: p.interval ?? "month",
          installments: String(p.installments ?? 3),
        }))
      : [{ currency: "usd", amount: "", interval: "month", installments: "3" }],
    bumpOfferId: o.bumpOfferId ?? "",
    bumpHeadline: o.bumpHeadline ?? "",
  };
}
