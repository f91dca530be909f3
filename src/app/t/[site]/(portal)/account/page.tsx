import { requireStudent } from "@/lib/site/portal";

export const metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ site: string }> }) {
  const { user } = await requireStudent((await params).site, "/account");
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-10">
      <h1 className="text-2xl font-semibold">Account</h1>
      <dl className="grid grid-cols-[120px_1fr] gap-2 rounded-lg border border-zinc-200 p-5 text-sm">
        <dt className="text-zinc-500">Name</dt>
        <dd>{user.name}</dd>
        <dt className="text-zinc-500">Email</dt>
        <dd>
          {user.email} {user.emailVerified ? "" : "(not confirmed yet)"}
        </dd>
      </dl>
    </main>
  );
}
