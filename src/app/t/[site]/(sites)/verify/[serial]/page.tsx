import { format } from "date-fns";
import { BadgeCheck, ShieldX } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findCertificateBySerial } from "@/db/queries/certificates";
import { siteScopeFor } from "@/db/scope";
import { normalizeSerial } from "@/lib/learning/serial";
import { getSite } from "@/lib/tenant/resolve";

export const dynamic = "force-dynamic";
export const metadata = { title: "Certificate verification", robots: { index: false } };

/**
 * Public: whether a serial is a genuine certificate of this school — to whom, for which course, when. A
 * serial of another school is not one of this school's, and says so.
 */
export default async function VerifySerialPage({ params }: { params: Promise<{ site: string; serial: string }> }) {
  const { site: key, serial: raw } = await params;
  const site = await getSite(key);
  if (!site) notFound();
  const typed = safeDecode(raw).slice(0, 60);
  const serial = normalizeSerial(typed);
  const cert = serial ? await findCertificateBySerial(siteScopeFor(site), serial) : null;
  const genuine = cert && !cert.revokedAt;
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-12">
      <h1 className="text-2xl font-semibold">Certificate verification</h1>
      {genuine ? (
        <div role="status" className="flex gap-3 rounded-lg border border-emerald-200 bg-emerald-50 p-5 text-emerald-950" data-testid="verify-genuine">
          <BadgeCheck aria-hidden className="size-6 shrink-0 text-emerald-700" />
          <div className="flex flex-col gap-1">
            <p className="font-semibold">Genuine certificate</p>
            <p>
              {site.name} certifies that <strong>{cert.recipientName}</strong> completed <strong>{cert.courseTitle}</strong> on{" "}
              {format(cert.issuedAt, "d MMMM yyyy")}.
            </p>
            <p className="font-mono text-sm">Serial {cert.serial}</p>
          </div>
        </div>
      ) : (
        <div role="status" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-5 text-red-950" data-testid="verify-not-found">
          <ShieldX aria-hidden className="size-6 shrink-0 text-red-700" />
          <div className="flex flex-col gap-1">
            <p className="font-semibold">{cert?.revokedAt ? "This certificate was withdrawn" : "Not a certificate of " + site.name}</p>
            <p className="text-sm">
              {cert?.revokedAt
                ? `${site.name} withdrew the certificate with this serial.`
                : `${site.name} has issued no certificate with the serial ${serial ?? typed}. Check the serial printed on the certificate.`}
            </p>
          </div>
        </div>
      )}
      <Link href="/verify" className="text-sm font-medium underline">
        Check another serial
      </Link>
    </main>
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
