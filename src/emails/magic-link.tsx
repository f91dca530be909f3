import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type MagicLinkProps = { brand: EmailBrand; url: string };

export function MagicLink({ brand, url }: MagicLinkProps) {
  return (
    <EmailLayout brand={brand} preview={`Your sign-in link for ${brand.name}`}>
      <Text style={{ fontSize: 15 }}>Click the button to sign in to {brand.name}. The link works once, for 5 minutes.</Text>
      <EmailButton href={url} color={brand.primaryColor}>
        Sign in
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>Or paste this link into your browser: {url}</Text>
    </EmailLayout>
  );
}

MagicLink.PreviewProps = { brand: PLATFORM_BRAND, url: "http://acme.localhost:3000/api/auth/magic-link/verify?token=preview" } satisfies MagicLinkProps;
export default MagicLink;
