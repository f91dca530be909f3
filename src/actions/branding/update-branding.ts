"use server";
import { z } from "zod";
import { updateCreatorBranding } from "@/db/queries/tenants";
import { orgAction } from "@/lib/actions/chain";
import { revalidateTenantSite } from "@/lib/tenant/revalidate";

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #0f766e");
/** An image uploaded to the school (served by /api/media) or a full https address; empty clears it. */
const optionalUrl = z
  .string()
  .trim()
  .max(500)
  .transform((v) => (v === "" ? null : v))
  .pipe(
    z
      .string()
      .refine(
        (u) => /^\/api\/media\/[0-9a-f-]{36}$/i.test(u) || (/^https:\/\/[^\s"'<>]+$/i.test(u) && URL.canParse(u)),
        "Upload an image or use a full https:// address",
      )
      .nullable(),
  );

const updateBrandingSchema = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters"),
  tagline: z
    .string()
    .trim()
    .max(160, "Use at most 160 characters")
    .transform((v) => v || null),
  about: z
    .string()
    .trim()
    .max(3000, "Use at most 3000 characters")
    .transform((v) => v || null)
    .optional(),
  primaryColor: hex,
  accentColor: hex,
  font: z.enum(["system", "serif", "rounded", "mono"]),
  logoUrl: optionalUrl,
  faviconUrl: optionalUrl,
});
export type UpdateBrandingInput = z.input<typeof updateBrandingSchema>;

export const updateBrandingAction = orgAction({ name: "update-branding", schema: updateBrandingSchema, minRole: "admin" }, async (input, { scope, user }) => {
  const { name, ...branding } = input;
  const row = await updateCreatorBranding(scope, user.id, {
    name,
    branding: { ...branding, primaryColor: branding.primaryColor.toLowerCase(), accentColor: branding.accentColor.toLowerCase() },
  });
  await revalidateTenantSite(scope, ["branding"]);
  return { name: row.name };
});
