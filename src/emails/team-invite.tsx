import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type TeamInviteProps = { brand: EmailBrand; inviterName: string; schoolName: string; role: string; url: string };

export function TeamInvite({ brand, inviterName, schoolName, role, url }: TeamInviteProps) {
  return (
    <EmailLayout brand={brand} preview={`${inviterName} invited you to ${schoolName}`}>
      <Text style={{ fontSize: 15 }}>
        {inviterName} invited you to join <strong>{schoolName}</strong> on Courseforge as {role === "admin" ? "an admin" : `an ${role}`}.
      </Text>
      <EmailButton href={url} color={brand.primaryColor}>
        Accept invitation
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>The invitation expires in 7 days.</Text>
    </EmailLayout>
  );
}

TeamInvite.PreviewProps = {
  brand: PLATFORM_BRAND,
  inviterName: "Olivia Owner",
  schoolName: "Acme Academy",
  role: "editor",
  url: "http://app.localhost:3000/invite/preview",
} satisfies TeamInviteProps;
export default TeamInvite;
