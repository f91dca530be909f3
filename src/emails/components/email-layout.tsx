import { Body, Container, Head, Hr, Html, Img, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type EmailBrand = {
  /** School or platform name shown in the header and footer. */
  name: string;
  primaryColor: string;
  logoUrl?: string | null;
};

export const PLATFORM_BRAND: EmailBrand = { name: "Courseforge", primaryColor: "#4f46e5", logoUrl: null };

export function EmailLayout({ brand, preview, children }: { brand: EmailBrand; preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 520, margin: "0 auto", overflow: "hidden" }}>
          <Section style={{ backgroundColor: brand.primaryColor, padding: "16px 24px" }}>
            {brand.logoUrl ? (
              <Img src={brand.logoUrl} alt={brand.name} height="32" />
            ) : (
              <Text style={{ color: "#ffffff", fontSize: 18, fontWeight: 700, margin: 0 }}>{brand.name}</Text>
            )}
          </Section>
          <Section style={{ padding: "24px" }}>{children}</Section>
          <Hr style={{ borderColor: "#e4e4e7", margin: 0 }} />
          <Section style={{ padding: "12px 24px" }}>
            <Text style={{ color: "#71717a", fontSize: 12, margin: 0 }}>Sent by {brand.name}. If you did not expect this email, you can ignore it.</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function EmailButton({ href, color, children }: { href: string; color: string; children: ReactNode }) {
  return (
    <a
      href={href}
      style={{
        backgroundColor: color,
        borderRadius: 6,
        color: "#ffffff",
        display: "inline-block",
        fontSize: 15,
        fontWeight: 600,
        padding: "12px 20px",
        textDecoration: "none",
      }}
    >
      {children}
    </a>
  );
}
