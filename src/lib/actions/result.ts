import type { FailureCode, FailureDetails } from "@/lib/errors";

export type { FailureCode, FailureDetails } from "@/lib/errors";

/** A failed action: a code to branch on, a message for people, field errors for forms, typed details. */
export type ActionFailure = { ok: false; code: FailureCode; message: string; fieldErrors?: Record<string, string[]>; details?: FailureDetails };

/** What every server action answers (client code switches on `ok`, then on `code` or `details.kind`). */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;
