/**
 * A posted form as a plain object for zod: a key sent once is a string (or File), a key sent several
 * times (checkboxes, multi-selects) is an array. Framework fields (`$ACTION_…`) are dropped. Numbers
 * and booleans stay strings: a schema that takes forms coerces them (`z.coerce.number()`).
 */
export function formDataToObject(form: FormData): Record<string, unknown> {
  // No prototype, and no key that names one: a field called __proto__ must not become the object's parent.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION") || key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const values = form.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}
