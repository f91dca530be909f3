import { redirect } from "next/navigation";
import { normalizeSerial } from "@/lib/learning/serial";

export const dynamic = "force-dynamic";
export const metadata = { title: "Verify a certificate" };

/** Type a certificate's serial to check it (a plain GET form: works without JavaScript). */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ serial?: string }> }) {
  const typed = (await searchParams).serial?.slice(0, 60) ?? "";
  const serial = typed ? normalizeSerial(typed) : null;
  if (serial) redirect(`/verify/${serial}`);
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-12">
      <h1 className="text-2xl font-semibold">Verify a certificate</h1>
      <p className="text-sm text-zinc-600">Enter the serial printed at the bottom of the certificate.</p>
      <form method="get" className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="serial" className="sr-only">
          Serial
        </label>
        <input
          id="serial"
          name="serial"
          defaultValue={typed}
          placeholder="XXXXX-XXXXX-XXXXX"
          aria-invalid={typed ? true : undefined}
          aria-describedby={typed ? "serial-error" : undefined}
          className="flex-1 rounded-md border border-zinc-300 px-3 py-2 font-mono uppercase"
        />
        <button type="submit" className="rounded-md bg-brand px-4 py-2 font-medium text-white">
          Verify
        </button>
      </form>
      {typed ? (
        <p id="serial-error" role="alert" className="text-sm text-red-700">
          That is not a serial: it has 15 letters and digits, like 7F3KQ-9QXD2-MP1A8.
        </p>
      ) : null}
    </main>
  );
}
