import Link from "next/link";
import { ImportStudents } from "@/components/students/import-students";
import { requireOrg } from "@/lib/auth/session";

export const metadata = { title: "Import students" };

export default async function ImportStudentsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  await requireOrg(org, "admin");
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <Link href={`/${org}/students`} className="text-sm text-zinc-500 hover:underline">
        ← Students
      </Link>
      <h1 className="text-2xl font-semibold">Import students</h1>
      <ImportStudents />
    </div>
  );
}
