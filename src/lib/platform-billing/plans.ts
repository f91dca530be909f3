/**
 * Courseforge's plans, in one place. Limits are per creator (tenant). `null` = unlimited.
 * Monthly AI credits are granted at the start of each billing period; unused monthly credits do not
 * expire (they roll over), and purchased top-up credits never expire.
 */
export const PLAN_IDS = ["free", "starter", "pro", "business"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export type PlanLimits = {
  courses: number | null;
  publishedCourses: number | null;
  students: number | null;
  teamSeats: number | null;
  emailsPerMonth: number | null;
  storageGb: number | null;
  videoMinutesPerMonth: number | null;
  /** One video: the largest upload (GB) and the longest running time (minutes). */
  videoUploadGb: number;
  videoMaxMinutes: number;
  aiCreditsPerMonth: number;
  customDomain: boolean;
  community: boolean;
  affiliates: boolean;
  /** Platform fee on student sales, in basis points (100 = 1%). */
  transactionFeeBps: number;
  /** Webhooks and the REST API are on every tier. */
  webhooksAndApi: true;
};

export type Plan = { id: PlanId; name: string; priceMonthlyUsd: number; limits: PlanLimits };

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    priceMonthlyUsd: 0,
    limits: {
      courses: 3,
      publishedCourses: 1,
      students: 100,
      teamSeats: 1,
      emailsPerMonth: 1_000,
      storageGb: 2,
      videoMinutesPerMonth: 60,
      videoUploadGb: 2,
      videoMaxMinutes: 30,
      aiCreditsPerMonth: 50,
      customDomain: false,
      community: false,
      affiliates: false,
      transactionFeeBps: 500,
      webhooksAndApi: true,
    },
  },
  starter: {
    id: "starter",
    name: "Starter",
    priceMonthlyUsd: 39,
    limits: {
      courses: 10,
      publishedCourses: 10,
      students: 1_000,
      teamSeats: 3,
      emailsPerMonth: 10_000,
      storageGb: 50,
      videoMinutesPerMonth: 600,
      videoUploadGb: 5,
      videoMaxMinutes: 120,
      aiCreditsPerMonth: 500,
      customDomain: true,
      community: true,
      affiliates: false,
      transactionFeeBps: 200,
      webhooksAndApi: true,
    },
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceMonthlyUsd: 119,
    limits: {
      courses: 50,
      publishedCourses: 50,
      students: 10_000,
      teamSeats: 10,
      emailsPerMonth: 100_000,
      storageGb: 500,
      videoMinutesPerMonth: 6_000,
      videoUploadGb: 20,
      videoMaxMinutes: 240,
      aiCreditsPerMonth: 3_000,
      customDomain: true,
      community: true,
      affiliates: true,
      transactionFeeBps: 0,
      webhooksAndApi: true,
    },
  },
  business: {
    id: "business",
    name: "Business",
    priceMonthlyUsd: 299,
    limits: {
      courses: null,
      publishedCourses: null,
      students: null,
      teamSeats: 25,
      emailsPerMonth: 500_000,
      storageGb: 2_000,
      videoMinutesPerMonth: 30_000,
      videoUploadGb: 50,
      videoMaxMinutes: 600,
      aiCreditsPerMonth: 10_000,
      customDomain: true,
      community: true,
      affiliates: true,
      transactionFeeBps: 0,
      webhooksAndApi: true,
    },
  },
};

export function planOf(id: string): Plan {
  return PLANS[(PLAN_IDS as readonly string[]).includes(id) ? (id as PlanId) : "free"];
}

/** Count-based limits enforced when something is created. */
export type CountMetric = "courses" | "publishedCourses" | "students" | "teamSeats";

export const METRIC_LABEL: Record<CountMetric, string> = {
  courses: "courses",
  publishedCourses: "published courses",
  students: "students",
  teamSeats: "team seats",
};

/** The cheapest plan that allows `needed` of `metric`, for upgrade messages. */
export function planAllowing(metric: CountMetric, needed: number): Plan | null {
  for (const id of PLAN_IDS) {
    const limit = PLANS[id].limits[metric];
    if (limit === null || limit >= needed) return PLANS[id];
  }
  return null;
}
