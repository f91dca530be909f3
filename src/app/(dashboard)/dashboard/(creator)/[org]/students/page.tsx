import { format } from "date-fns";
import { listStudents } from "@/db/queries/students";
import { requireOrg } from "@/lib/auth/session";

export default async function StudentsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope } = await requireOrg(org);
  const students = await listStudents(scope);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Students</h1>
        <p className="text-sm text-zinc-500">People who signed up on your site.</p>
      </div>
      {students.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">
          No students yet. Share your site to get your first sign-ups.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-zinc-50 text-left text-zinc-500">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Email</th>
                <th className="px-4 py-2 font-medium">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200">
              {students.map((s) => (
                <tr key={s.id}>
                  <td className="px-4 py-2">{s.name}</td>
                  <td className="px-4 py-2">{s.email}</td>
                  <td className="px-4 py-2 text-zinc-500">{format(s.createdAt, "d MMM yyyy")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
