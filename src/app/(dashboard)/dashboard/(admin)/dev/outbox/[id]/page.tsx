import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findOutboxMessage } from "@/db/queries/email";
import { assertOutboxViewer, extractLinks } from "@/lib/email/outbox-access";

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const dynamic = "force-dynamic";

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await assertOutboxViewer();
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const m = await findOutboxMessage(id);
  if (!m) notFound();
  const links = extractLinks(m.html);
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-10">
      <Link href="/dev/outbox" className="text-sm text-zinc-600 hover:underline">
        ← Outbox
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{m.subject}</h1>
        <p className="text-sm text-zinc-500">
          From {m.fromAddress} to {m.toAddress} ·{" "}
          <time dateTime={m.createdAt.toISOString()} title={m.createdAt.toISOString()}>
            {UTC.format(m.createdAt)} UTC ({formatDistanceToNow(m.createdAt, { addSuffix: true })})
          </time>
        </p>
      </div>
      {links.length ? (
        <div className="rounded-lg border border-zinc-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold">Links in this email</h2>
          <ul className="flex flex-col gap-1 text-sm">
            {links.map((href) => (
              <li key={href}>
                <a href={href} className="break-all text-indigo-700 underline" data-testid="email-link">
                  {href}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <iframe
        title="Email preview"
        srcDoc={m.html}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        className="h-[640px] w-full rounded-lg border border-zinc-200 bg-white"
      />
    </main>
  );
}
