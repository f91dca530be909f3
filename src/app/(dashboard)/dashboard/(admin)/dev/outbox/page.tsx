import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import { listOutbox } from "@/db/queries/email";
import { assertOutboxViewer } from "@/lib/email/outbox-access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  await assertOutboxViewer();
  const { to } = await searchParams;
  const messages = await listOutbox({ to: to?.slice(0, 200) });
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Local outbox</h1>
          <p className="text-sm text-zinc-500">No email provider is configured, so mail is kept here instead of being sent.</p>
        </div>
        <form className="flex gap-2">
          <input
            name="to"
            defaultValue={to}
            placeholder="Filter by recipient"
            className="h-9 rounded-md border border-zinc-300 px-3 text-sm"
            aria-label="Filter by recipient"
          />
          <button className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm">Filter</button>
        </form>
      </div>
      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-10 text-center text-sm text-zinc-500">
          No mail yet. Sign up or ask for a sign-in link and it will appear here.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/dev/outbox/${m.id}`} className="flex flex-col gap-0.5 px-4 py-3 hover:bg-zinc-50 sm:flex-row sm:items-center sm:justify-between">
                <span>
                  <span className="font-medium">{m.subject}</span>
                  <span className="block text-sm text-zinc-500">to {m.to}</span>
                </span>
                <span className="text-xs text-zinc-400">{formatDistanceToNow(m.createdAt, { addSuffix: true })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
