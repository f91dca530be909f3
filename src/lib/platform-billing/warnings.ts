import { countUsage } from "@/db/queries/limits";
import { listMembers } from "@/db/queries/members";
import { claimLimitWarning, recordUsage } from "@/db/queries/usage";
import type { TenantScope } from "@/db/scope";
import { PLATFORM_BRAND } from "@/emails/components/email-layout";
import type { EventData } from "@/inngest/events";
import { sendEvent } from "@/inngest/send";
import { appUrl } from "@/lib/env";
import { METRIC_LABEL, type CountMetric } from "./plans";
import { periodKey } from "./credits";

type WarningProps = Extract<EventData<"email/send.requested">, { template: "limit-warning" }>["props"];

/**
 * Email the school's owners a limit warning once per claim (metric and period). The claim and the emails'
 * events commit together, so a failure never leaves a period claimed but unwarned.
 */
async function warnOwnersOnce(scope: TenantScope, claim: string, props: Omit<WarningProps, "brand" | "upgradeUrl"> & { slug: string }): Promise<boolean> {
  const owners = (await listMembers(scope)).filter((m) => m.role === "owner");
  const { slug, ...rest } = props;
  return claimLimitWarning(scope, { metric: claim, period: periodKey() }, async (tx) => {
    for (const o of owners) {
      await sendEvent(tx, {
        name: "email/send.requested",
        data: {
          creatorId: scope.creatorId,
          to: o.email,
          template: "limit-warning",
          props: { brand: PLATFORM_BRAND, ...rest, upgradeUrl: appUrl(`/${slug}/settings/billing`) },
        },
      });
    }
  });
}

/**
 * After something counted against a limit was created: at 80% or more of the plan's limit, email the
 * owners — once per metric and billing period. (The dashboard banner shows the same state every time.)
 */
export async function warnIfNearLimit(scope: TenantScope, near: { metric: CountMetric; school: { name: string; slug: string } }): Promise<boolean> {
  const { metric, school } = near;
  const { plan, usage } = await countUsage(scope);
  const u = usage.find((x) => x.metric === metric);
  if (!u || u.limit === null || u.limit <= 1 || u.ratio < 0.8) return false;
  return warnOwnersOnce(scope, metric, {
    schoolName: school.name,
    slug: school.slug,
    metricLabel: METRIC_LABEL[metric],
    used: u.used,
    limit: u.limit,
    planName: plan.name,
  });
}

/**
 * A student joined. The plan's student limit never turns a student away (the commercial anchors never
 * block a paying student): past the limit each new student is metered as `student_overage` (shown on the
 * billing page) and the owners get one "over the limit" email per period; from 80% the usual warning.
 */
export async function noteNewStudent(scope: TenantScope, s: { studentId: string; schoolName: string; slug: string }): Promise<void> {
  const { plan, usage } = await countUsage(scope);
  const u = usage.find((x) => x.metric === "students");
  if (!u || u.limit === null) return;
  if (u.used <= u.limit) {
    await warnIfNearLimit(scope, { metric: "students", school: { name: s.schoolName, slug: s.slug } });
    return;
  }
  await recordUsage(scope, { metric: "student_overage", quantity: 1, key: `student-overage:${s.studentId}` });
  await warnOwnersOnce(scope, "students:over", {
    schoolName: s.schoolName,
    slug: s.slug,
    metricLabel: METRIC_LABEL.students,
    used: u.used,
    limit: u.limit,
    planName: plan.name,
    overage: true,
  });
}
