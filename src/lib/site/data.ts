import { unstable_cache } from "next/cache";
import { findPublishedCourseBySlug, listCoursePrices, listPublishedCourses } from "@/db/queries/courses";
import { listOffersForCourse } from "@/db/queries/offers";
import { siteScopeFor, type SiteRecord } from "@/db/scope";
import { siteTag, tenantTag } from "@/lib/tenant/tags";

/**
 * Cached reads for the public tenant site. Tagged by host key and tenant so a creator's change
 * (revalidateTenantSite) expires exactly their pages.
 */
export function getSiteCourses(site: SiteRecord) {
  return unstable_cache(
    async () => {
      const scope = siteScopeFor(site);
      const [courses, prices] = await Promise.all([listPublishedCourses(scope), listCoursePrices(scope)]);
      return courses.map((c) => {
        const p = prices.find((x) => x.courseId === c.id);
        return { id: c.id, slug: c.slug, title: c.title, subtitle: c.subtitle, coverUrl: c.coverUrl, price: p?.amount ?? null, currency: p?.currency ?? null };
      });
    },
    ["site-courses", site.id],
    { tags: [siteTag(site.slug), tenantTag(site.id, "site"), tenantTag(site.id, "courses")], revalidate: 3600 },
  )();
}

/** A published course's sales page: the course, its curriculum and the active offers that sell it. */
export function getSiteCourse(site: SiteRecord, slug: string) {
  return unstable_cache(
    async () => {
      const scope = siteScopeFor(site);
      const found = await findPublishedCourseBySlug(scope, slug);
      if (!found) return null;
      const offers = (await listOffersForCourse(scope, found.course.id)).map((o) => ({
        id: o.id,
        name: o.name,
        type: o.type,
        prices: o.prices.map((p) => ({ currency: p.currency, amount: p.amount, interval: p.interval, installments: p.installments })),
      }));
      return { ...found, offers };
    },
    ["site-course", site.id, slug],
    { tags: [siteTag(site.slug), tenantTag(site.id, "site"), tenantTag(site.id, "courses")], revalidate: 3600 },
  )();
}
