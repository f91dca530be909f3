import { grantMonthlyCreditsFunction } from "./grant-monthly-credits";
import { pastDueGraceFunction } from "./past-due-grace";
import { rollupUsageFunction } from "./rollup-usage";
import { sendEmailFunction } from "./send-email";

/** Every durable function of the product (served at /api/inngest, run by the embedded runner). */
export const functions = [sendEmailFunction, grantMonthlyCreditsFunction, rollupUsageFunction, pastDueGraceFunction];
