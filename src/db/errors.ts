/**
 * Known Postgres errors, mapped in one place. Drizzle wraps driver errors
 * (DrizzleQueryError) with the pg / PGlite error as `cause`; both carry the SQLSTATE in `code`.
 */
export type DbErrorKind = "unique_violation" | "foreign_key_violation" | "check_violation" | "serialization_failure";

const CODES: Record<string, DbErrorKind> = {
  "23505": "unique_violation",
  "23503": "foreign_key_violation",
  "23514": "check_violation",
  "40001": "serialization_failure",
};

export type DbErrorInfo = { kind: DbErrorKind; constraint?: string };

export function dbErrorInfo(err: unknown): DbErrorInfo | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CODES[code]) {
      const constraint = (e as { constraint?: string }).constraint;
      return { kind: CODES[code], constraint: typeof constraint === "string" ? constraint : undefined };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
