import { env } from "@/lib/env";

/**
 * How students pay a school here. Stripe Connect (the creator's own account) is the real way; until a
 * school has connected it, paid offers use the labelled test-payment mode where it is allowed (always
 * locally, with TEST_PAYMENTS=1 on a public deployment), and cannot be bought otherwise.
 */
export type StudentPaymentsMode = "test" | "unavailable";

export function studentPaymentsMode(): StudentPaymentsMode {
  const e = env();
  return e.isLocalRoot || e.TEST_PAYMENTS ? "test" : "unavailable";
}
