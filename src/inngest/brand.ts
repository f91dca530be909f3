import { getCreatorOrThrow } from "@/db/queries/tenants";
import { systemScope } from "@/db/scope";
import { PLATFORM_BRAND, type EmailBrand } from "@/emails/components/email-layout";
import { emailImageUrl } from "@/lib/site/email-image";

/** The branding of mail about a school (its name, colour and logo), or the platform's. */
export async function brandOf(creatorId: string | null): Promise<EmailBrand> {
  if (!creatorId) return PLATFORM_BRAND;
  const school = await getCreatorOrThrow(systemScope(creatorId));
  return { name: school.name, primaryColor: school.branding.primaryColor, logoUrl: emailImageUrl(school.slug, school.branding.logoUrl) };
}
