import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type PaymentFailedProps = { brand: EmailBrand; schoolName: string; offerName: string; amount: string; fixUrl: string };

/** Dunning: a renewal or instalment did not go through; the button opens Stripe's page to pay it with another card. */
export function PaymentFailed({ brand, schoolName, offerName, amount, fixUrl }: PaymentFailedProps) {
  return (
    <EmailLayout brand={brand} preview={`Your payment to ${schoolName} did not go through`}>
      <Text style={{ fontSize: 15 }}>
        We could not take your payment of <strong>{amount}</strong> for {offerName}. Update your card to keep your access to {schoolName}.
      </Text>
      <EmailButton href={fixUrl} color={brand.primaryColor}>
        Update payment
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>
        Your card&apos;s bank declined the charge. If you think this is a mistake, your bank can tell you why.
      </Text>
    </EmailLayout>
  );
}

PaymentFailed.PreviewProps = {
  brand: PLATFORM_BRAND,
  schoolName: "Acme Academy",
  offerName: "Watercolor monthly",
  amount: "$9.00",
  fixUrl: "https://invoice.stripe.com/i/preview",
} satisfies PaymentFailedProps;
export default PaymentFailed;
