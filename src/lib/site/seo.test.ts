import { describe, expect, it } from "vitest";
import { courseJsonLd, jsonLdScript } from "./seo";

describe("schema.org/Course for a sales page", () => {
  const base = {
    origin: "https://learn.acme.example",
    schoolName: "Acme Academy",
    course: { slug: "watercolor", title: "Watercolor </script><script>alert(1)</script>", subtitle: "Washes", seoDescription: null, coverUrl: "/api/media/x" },
  };
  it("names the course, its school and an offer per price (a payment plan at its whole amount)", () => {
    const ld = courseJsonLd({
      ...base,
      offers: [
        { type: "one_time", prices: [{ currency: "usd", amount: 4900, interval: null, installments: null }] },
        { type: "payment_plan", prices: [{ currency: "eur", amount: 2000, interval: "month", installments: 3 }] },
        { type: "free", prices: [] },
      ],
    });
    expect(ld).toMatchObject({
      "@type": "Course",
      url: "https://learn.acme.example/courses/watercolor",
      image: "https://learn.acme.example/api/media/x",
      provider: { "@type": "Organization", name: "Acme Academy" },
    });
    expect((ld.offers as { price: string | number; priceCurrency: string }[]).map((o) => [o.price, o.priceCurrency])).toEqual([
      ["49.00", "USD"],
      ["60.00", "EUR"],
      ["0.00", "USD"],
    ]);
  });
  it("a subscription's price says per month; a free offer is priced in the school's currency", () => {
    const ld = courseJsonLd({
      ...base,
      offers: [
        { type: "subscription", prices: [{ currency: "eur", amount: 900, interval: "month", installments: null }] },
        { type: "free", prices: [] },
      ],
    });
    expect(ld.offers).toEqual([
      expect.objectContaining({ price: "9.00", priceSpecification: expect.objectContaining({ billingDuration: "P1M", unitText: "MONTH" }) }),
      expect.objectContaining({ price: "0.00", priceCurrency: "EUR" }),
    ]);
  });
  it("is safe inside a script element and parses back", () => {
    const text = jsonLdScript(courseJsonLd({ ...base, offers: [] }));
    // The title carries "</script><script>alert(1)</script>": inside the page's JSON-LD element it cannot close it or open another.
    expect(text).not.toContain("</script>");
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain("\\u003c/script>");
    expect(JSON.parse(text).name).toBe(base.course.title);
  });
});
