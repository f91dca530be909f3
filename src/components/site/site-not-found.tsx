import Link from "next/link";

/** A school's 404, inside its own branded frame: say so plainly and offer the way back. */
export function SiteNotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col items-center gap-4 px-4 py-20 text-center">
      <p className="text-sm font-medium text-zinc-500">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-zinc-600">The link may be old, or the page may have moved.</p>
      <div className="flex gap-4">
        <Link href="/" className="rounded-md bg-brand px-4 py-2 font-medium text-white">
          See all courses
        </Link>
        <Link href="/library" className="rounded-md border border-zinc-300 px-4 py-2 font-medium">
          My library
        </Link>
      </div>
    </main>
  );
}
