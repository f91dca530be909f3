/** Process-level database lifecycle for scripts and tests (no query access). */
export { closeDb } from "./client";
