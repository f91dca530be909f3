import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type VerifyEmailProps = { brand: EmailBrand; name: string; url: string };

export function VerifyEmail({ brand, name, url }: VerifyEmailProps) {
  return (
    <EmailLayout brand={brand} preview={`Confirm your email for ${brand.name}`}>
      <Text style={{ fontSize: 16 }}>Hi {name},</Text>
      <Text style={{ fontSize: 15 }}>Please confirm your email address to finish setting up your {brand.name} account.</Text>
      <EmailButton href={url} color={brand.primaryColor}>
        Confirm email
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>Or paste this link into your browser: {url}</Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  brand: PLATFORM_BRAND,
  name: "Ada",
  url: "http://app.localhost:3000/api/auth/verify-email?token=preview",
} satisfies VerifyEmailProps;
export default VerifyEmail;
