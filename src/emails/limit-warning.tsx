import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type LimitWarningProps = {
  brand: EmailBrand;
  schoolName: string;
  metricLabel: string;
  used: number;
  limit: number;
  planName: string;
  upgradeUrl: string;
  /** Past the limit, and still accepting (students): the extra ones are counted as overage. */
  overage?: boolean;
};

export function LimitWarning({ brand, schoolName, metricLabel, used, limit, planName, upgradeUrl, overage }: LimitWarningProps) {
  const full = used >= limit;
  return (
    <EmailLayout brand={brand} preview={`${schoolName} has used ${used} of ${limit} ${metricLabel}`}>
      <Text style={{ fontSize: 15 }}>
        {schoolName} has used{" "}
        <strong>
          {used} of {limit} {metricLabel}
        </strong>{" "}
        included in the {planName} plan.
        {overage
          ? ` New ${metricLabel} can still join — nobody is turned away — and each one over the limit is counted as overage on your billing page. Upgrade to include them.`
          : full
            ? " You cannot add more until you upgrade or remove some."
            : " You are close to the limit."}
      </Text>
      <EmailButton href={upgradeUrl} color={brand.primaryColor}>
        See plans
      </EmailButton>
    </EmailLayout>
  );
}

LimitWarning.PreviewProps = {
  brand: PLATFORM_BRAND,
  schoolName: "Acme Academy",
  metricLabel: "courses",
  used: 8,
  limit: 10,
  planName: "Starter",
  upgradeUrl: "http://app.localhost:3000/acme/settings/billing",
} satisfies LimitWarningProps;
export default LimitWarning;
