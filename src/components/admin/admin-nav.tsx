import Link from "next/link";

/** The platform-admin pages' links (app host). */
export function AdminNav({ current }: { current: "schools" | "jobs" }) {
  const item = (key: "schools" | "jobs", href: string, label: string) => (
    <Link
      href={href}
      aria-current={current === key ? "page" : undefined}
      className={`rounded-md px-2 py-1 ${current === key ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Platform admin" className="flex gap-1 text-sm">
      {item("schools", "/admin/schools", "Schools")}
      {item("jobs", "/jobs", "Jobs")}
    </nav>
  );
}
