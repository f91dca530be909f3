"use client";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

/** A title with inline rename (pencil or double-click; Enter saves, Escape cancels) and an optional delete. */
export function EditableTitle({
  title,
  className,
  label,
  onRename,
  onDelete,
}: {
  title: string;
  className: string;
  label: string;
  onRename: (t: string) => Promise<string | null>;
  onDelete?: () => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title);
  const [busy, setBusy] = useState(false);
  const startEditing = () => {
    setValue(title);
    setEditing(true);
  };
  if (editing)
    return (
      <form
        className="flex gap-1"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!value.trim() || value === title) return setEditing(false);
          setBusy(true);
          const err = await onRename(value.trim());
          setBusy(false);
          if (err) toast.error(err);
          else setEditing(false);
        }}
      >
        <input
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && (setValue(title), setEditing(false))}
          aria-label={`Rename ${label}`}
          maxLength={200}
          className="h-7 min-w-0 flex-1 rounded border border-zinc-300 px-1.5 text-sm"
          disabled={busy}
        />
        <button type="submit" className="rounded bg-zinc-900 px-2 text-xs text-white" disabled={busy}>
          Save
        </button>
      </form>
    );
  return (
    <div className="group flex items-center gap-1">
      <span className={`min-w-0 flex-1 truncate ${className}`} onDoubleClick={startEditing}>
        {title}
      </span>
      <button
        type="button"
        aria-label={`Rename ${label} ${title}`}
        onClick={startEditing}
        className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
      >
        <Pencil className="h-3.5 w-3.5" aria-hidden />
      </button>
      {onDelete ? (
        <button
          type="button"
          aria-label={`Delete ${label} ${title}`}
          onClick={() => void onDelete()}
          className="rounded p-0.5 text-zinc-400 hover:bg-red-50 hover:text-red-700"
        >
          <Trash2 className="h-3.5 w-3.5" aria-hidden />
        </button>
      ) : null}
    </div>
  );
}

/** "+ Add …": opens an inline title field (and lesson type when `withType`); Escape closes it. */
export function InlineAdd({
  label,
  placeholder,
  withType,
  onAdd,
}: {
  label: string;
  placeholder: string;
  withType?: boolean;
  onAdd: (title: string, type?: string) => Promise<string | null>;
}) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [type, setType] = useState("text");
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="inline-flex items-center gap-1 self-start rounded px-1.5 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100"
      >
        <Plus className="h-3.5 w-3.5" aria-hidden /> {label}
      </button>
    );
  return (
    <form
      className="flex flex-wrap gap-1"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) return;
        setBusy(true);
        const err = await onAdd(title.trim(), type);
        setBusy(false);
        if (err) toast.error(err);
        else {
          setTitle("");
          setOpen(false);
        }
      }}
    >
      <input
        autoFocus
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        placeholder={placeholder}
        aria-label={placeholder}
        maxLength={200}
        // At least 10rem wide: in the narrow outline the type and "Add" wrap below rather than squeeze the title.
        className="h-8 min-w-0 flex-1 basis-40 rounded border border-zinc-300 px-2 text-sm"
        disabled={busy}
      />
      {withType ? (
        <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Lesson type" className="h-8 rounded border border-zinc-300 px-1 text-sm">
          <option value="text">Text</option>
          <option value="video">Video</option>
          <option value="quiz">Quiz</option>
          <option value="download">Download</option>
        </select>
      ) : null}
      <button type="submit" disabled={busy} className="h-8 rounded bg-zinc-900 px-3 text-xs font-medium text-white disabled:opacity-50">
        {busy ? "Adding…" : "Add"}
      </button>
    </form>
  );
}
