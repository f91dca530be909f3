import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type ResetPasswordProps = { brand: EmailBrand; name: string; url: string };

export function ResetPassword({ brand, name, url }: ResetPasswordProps) {
  return (
    <EmailLayout brand={brand} preview={`Reset your ${brand.name} password`}>
      <Text style={{ fontSize: 16 }}>Hi {name},</Text>
      <Text style={{ fontSize: 15 }}>Someone asked to reset the password of your {brand.name} account. The link works for one hour.</Text>
      <EmailButton href={url} color={brand.primaryColor}>
        Choose a new password
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>If it was not you, ignore this email; your password stays the same.</Text>
    </EmailLayout>
  );
}

ResetPassword.PreviewProps = { brand: PLATFORM_BRAND, name: "Ada", url: "http://app.localhost:3000/reset-password?token=preview" } satisfies ResetPasswordProps;
export default ResetPassword;
