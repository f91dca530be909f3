import type { ReactNode } from "react";

/**
 * A list page's filters: a plain GET form (works without JavaScript; the URL is shareable), a search box,
 * selects, and Filter.
 */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <form className="flex flex-wrap gap-2" role="search">
      {children}
      <button type="submit" className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-50">
        Filter
      </button>
    </form>
  );
}

export function FilterSearch({ name = "q", label, defaultValue }: { name?: string; label: string; defaultValue?: string }) {
  return (
    <input
      type="search"
      name={name}
      defaultValue={defaultValue}
      placeholder={label}
      aria-label={label}
      className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 text-sm sm:max-w-xs"
    />
  );
}

/** A select whose first option (value "") means "any". */
export function FilterSelect({
  name,
  label,
  any,
  defaultValue,
  options,
}: {
  name: string;
  label: string;
  any: string;
  defaultValue?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <select name={name} defaultValue={defaultValue ?? ""} aria-label={label} className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm">
      <option value="">{any}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A bordered table with a header row; rows are the children. */
export function DataTable({ columns, children }: { columns: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-zinc-50 text-left text-zinc-500">
          <tr>
            {columns.map((c) => (
              <th key={c} className="px-4 py-2 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200">{children}</tbody>
      </table>
    </div>
  );
}

/** What a list shows when it has nothing (or nothing matching). */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-10 text-center text-sm text-zinc-500">{children}</p>;
}
