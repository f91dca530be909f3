"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { importStudentsAction } from "@/actions/students/import-students";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";

type Outcome = { line: number; email: string | null; action: "new_student" | "existing_student" | "error"; courses: string[]; error: string | null };
const ACTION = { new_student: "Joins the school", existing_student: "Already a student", error: "Skipped" } as const;

/** Pick a CSV → a preview, row by row → import the valid rows. */
export function ImportStudents() {
  const org = useOrg();
  const router = useRouter();
  const [csv, setCsv] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [preview, setPreview] = useState<Outcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function check(text: string) {
    setBusy(true);
    const r = await importStudentsAction({ org, csv: text, dryRun: true });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      setPreview(null);
    } else {
      setError(null);
      setPreview(r.data.outcomes);
    }
  }

  const valid = preview?.filter((o) => o.action !== "error").length ?? 0;
  return (
    <div className="flex flex-col gap-4">
      <div className="rounded-lg border border-zinc-200 bg-white p-5 text-sm">
        <p>
          A CSV file with a first line naming the columns: <code>email</code> (required), <code>name</code>, <code>courses</code> (course addresses, separated
          by
          <code>;</code>) and <code>tags</code> (separated by <code>;</code>). Up to 2,000 students and 1 MB.
        </p>
        <label className="mt-3 inline-flex cursor-pointer items-center gap-2 rounded-md border border-zinc-300 px-3 py-2 hover:bg-zinc-50">
          <span>{name || "Choose a CSV file"}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              if (file.size > 1_000_000) {
                setError("The file is over 1 MB: split it.");
                return;
              }
              const text = await file.text();
              setName(file.name);
              setCsv(text);
              await check(text);
            }}
          />
        </label>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {preview ? (
        <div className="flex flex-col gap-3">
          <p className="text-sm" role="status">
            {valid} of {preview.length} rows can be imported{preview.length - valid ? `; ${preview.length - valid} will be skipped` : ""}.
          </p>
          <div className="max-h-96 overflow-auto rounded-lg border border-zinc-200 bg-white">
            <table className="w-full text-sm">
              <thead className="sticky top-0 bg-zinc-50 text-left text-zinc-500">
                <tr>
                  <th className="px-3 py-2 font-medium">Line</th>
                  <th className="px-3 py-2 font-medium">Email</th>
                  <th className="px-3 py-2 font-medium">What happens</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200">
                {preview.map((o) => (
                  <tr key={o.line} data-testid="import-row" className={o.action === "error" ? "bg-red-50" : undefined}>
                    <td className="px-3 py-1.5 text-zinc-500">{o.line}</td>
                    <td className="px-3 py-1.5">{o.email ?? "—"}</td>
                    <td className="px-3 py-1.5">
                      {ACTION[o.action]}
                      {o.error ? (
                        <span className="text-red-700"> — {o.error}</span>
                      ) : o.courses.length ? (
                        <span className="text-zinc-500"> · enroll in {o.courses.join(", ")}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Button
            className="self-start"
            disabled={busy || !valid || !csv}
            onClick={async () => {
              setBusy(true);
              const r = await importStudentsAction({ org, csv: csv!, dryRun: false });
              setBusy(false);
              if (!r.ok) return setError(r.message);
              toast.success(`${r.data.imported} students imported`);
              router.push(`/${org}/students`);
              router.refresh();
            }}
          >
            {busy ? "Importing…" : `Import ${valid} students`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
