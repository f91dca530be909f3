"use client";
import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";

const input = "h-10 rounded-md border border-zinc-300 bg-white px-3 text-sm";

/** A labelled choice from one of the brief's preset tables (src/lib/ai/prompts/presets.ts): key → label, or key → { label }. */
export function ChoiceField({
  id,
  label,
  choices,
  value,
  onChange,
}: {
  id: string;
  label: string;
  choices: Record<string, string | { label: string }>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} className={input} value={value} onChange={(e) => onChange(e.target.value)}>
        {Object.entries(choices).map(([k, v]) => (
          <option key={k} value={k}>
            {typeof v === "string" ? v : v.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A whole number from 1 to `max`: typed freely (a cleared field stays empty while typing), kept in range when it changes and on leaving. */
export function CountInput({ id, max, value, onChange }: { id: string; max: number; value: number; onChange: (n: number) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setText((t) => (Number(t) === value ? t : String(value)));
  }, [value]);
  const clamp = (n: number) => Math.min(max, Math.max(1, Math.round(n)));
  return (
    <input
      id={id}
      type="number"
      inputMode="numeric"
      min={1}
      max={max}
      className={input}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value !== "" && Number.isFinite(n) && n >= 1 && n <= max) onChange(Math.round(n));
      }}
      onBlur={() => {
        const n = clamp(Number(text) || value);
        setText(String(n));
        onChange(n);
      }}
    />
  );
}
