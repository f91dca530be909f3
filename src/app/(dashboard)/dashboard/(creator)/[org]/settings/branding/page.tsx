import { BrandingForm } from "@/components/branding/branding-form";
import { requireOrg } from "@/lib/auth/session";

export default async function BrandingPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { creator, role } = await requireOrg(org);
  const b = creator.branding;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Branding</h1>
        <p className="text-sm text-zinc-500">How your site, sign-in pages and emails look to students.</p>
      </div>
      <BrandingForm
        canEdit={role !== "editor"}
        initial={{
          name: creator.name,
          tagline: b.tagline ?? "",
          about: b.about ?? "",
          primaryColor: b.primaryColor,
          accentColor: b.accentColor,
          font: b.font,
          logoUrl: b.logoUrl ?? "",
          faviconUrl: b.faviconUrl ?? "",
        }}
      />
    </div>
  );
}
