import type { SiteRecord } from "@/db/scope";
import { tenantUrl } from "@/lib/env";

/**
 * What search engines and link previews read of a school: its canonical origin (the verified custom domain
 * when there is one, else the subdomain), and schema.org/Course for a sales page.
 */
export function siteOrigin(site: Pick<SiteRecord, "slug" | "customDomain">): string {
  return new URL(tenantUrl(site.customDomain ?? site.slug, "/")).origin;
}

type JsonLdCourse = {
  origin: string;
  schoolName: string;
  course: { slug: string; title: string; subtitle: string | null; seoDescription: string | null; coverUrl: string | null };
  offers: { type: string; prices: { currency: string; amount: number; interval: "month" | "year" | null; installments: number | null }[] }[];
};

/** schema.org/Course JSON-LD: the course, its school as provider, and one Offer per price (the whole amount a buyer pays). */
export function courseJsonLd({ origin, schoolName, course, offers }: JsonLdCourse): Record<string, unknown> {
  const url = `${origin}/courses/${course.slug}`;
  const image = course.coverUrl ? new URL(course.coverUrl, origin).toString() : undefined;
  // A free offer is priced in the currency the school's other prices use (USD when it has none).
  const freeCurrency = (offers.flatMap((o) => o.prices)[0]?.currency ?? "usd").toUpperCase();
  return {
    "@context": "https://schema.org",
    "@type": "Course",
    name: course.title,
    description: course.seoDescription ?? course.subtitle ?? course.title,
    url,
    ...(image ? { image } : {}),
    provider: { "@type": "Organization", name: schoolName, sameAs: origin },
    offers: offers.flatMap((o) =>
      o.type === "free"
        ? [{ "@type": "Offer", category: "Free", price: "0.00", priceCurrency: freeCurrency, url, availability: "https://schema.org/InStock" }]
        : o.prices.map((p) => {
            const price = ((p.amount * (o.type === "payment_plan" ? (p.installments ?? 1) : 1)) / 100).toFixed(2);
            const priceCurrency = p.currency.toUpperCase();
            return {
              "@type": "Offer",
              category: o.type === "subscription" ? "Subscription" : o.type === "payment_plan" ? "Payment plan" : "Paid",
              price,
              priceCurrency,
              // A subscription's price is per month or year.
              ...(o.type === "subscription" && p.interval
                ? {
                    priceSpecification: {
                      "@type": "UnitPriceSpecification",
                      price,
                      priceCurrency,
                      billingDuration: p.interval === "year" ? "P1Y" : "P1M",
                      unitText: p.interval === "year" ? "YEAR" : "MONTH",
                    },
                  }
                : {}),
              url,
              availability: "https://schema.org/InStock",
            };
          }),
    ),
    hasCourseInstance: { "@type": "CourseInstance", courseMode: "Online" },
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so a title can never close the script. */
export function jsonLdScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
