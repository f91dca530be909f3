import "server-only";
import type { Certificate } from "@/db/queries/certificates";
import { findMediaForServing } from "@/db/queries/media";
import type { SiteRecord } from "@/db/scope";
import { tenantUrl } from "@/lib/env";
import { getStorage } from "@/lib/storage";
import { renderCertificatePdf } from "./certificate-pdf";
import { pngSize } from "./png-size";

const MAX_LOGO_BYTES = 2 * 1024 * 1024;
/** pdf-lib decodes every pixel of a PNG: a small file can be a huge image, so its header is read first. */
const MAX_LOGO_SIDE = 2000;

/**
 * The school's logo for the certificate, only when it is one of the school's own uploads (a PNG or JPEG
 * of /api/media/<id>): the server never fetches an address a creator typed. A PNG larger than 2000 px a
 * side is left out (the school's name is printed instead).
 */
async function schoolLogo(site: SiteRecord): Promise<{ bytes: Uint8Array; type: "png" | "jpeg" } | null> {
  const id = /\/api\/media\/([0-9a-f-]{36})$/i.exec(site.branding.logoUrl ?? "")?.[1];
  const m = id ? await findMediaForServing(id) : null;
  if (!m || m.creatorId !== site.id || m.kind !== "image" || !m.storageKey || m.sizeBytes > MAX_LOGO_BYTES) return null;
  const type = m.contentType === "image/png" ? "png" : m.contentType === "image/jpeg" ? "jpeg" : null;
  const obj = type ? await getStorage().get(m.storageKey) : null;
  if (!type || !obj) return null;
  const bytes = new Uint8Array(await new Response(obj.body).arrayBuffer());
  if (bytes.length > MAX_LOGO_BYTES) return null;
  if (type === "png") {
    const size = pngSize(bytes);
    if (!size || size.width > MAX_LOGO_SIDE || size.height > MAX_LOGO_SIDE) return null;
  }
  return { bytes, type };
}

/** Where anyone can check a serial: the school's own host (its verified custom domain when it has one). */
export const verifyUrlOf = (site: SiteRecord, serial?: string) => tenantUrl(site.customDomain ?? site.slug, serial ? `/verify/${serial}` : "/verify");

export async function certificatePdf(site: SiteRecord, cert: Certificate): Promise<Uint8Array> {
  return renderCertificatePdf({
    schoolName: site.name,
    primaryColor: site.branding.primaryColor,
    logo: await schoolLogo(site),
    recipientName: cert.recipientName,
    courseTitle: cert.courseTitle,
    issuedAt: cert.issuedAt,
    serial: cert.serial,
    verifyUrl: verifyUrlOf(site).replace(/^https?:\/\//, ""),
  });
}
