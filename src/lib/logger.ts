/**
 * Structured logs (one JSON line each). Never log secrets, tokens, passwords or full emails' bodies.
 */
type Fields = Record<string, unknown>;

const SECRET_KEYS = /pass(word)?|secret|token|api[_-]?key|authorization|cookie/i;

function redact(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : v;
  return out;
}

function line(level: string, msg: string, fields: Fields = {}) {
  if (process.env.NODE_ENV === "test" && level !== "error") return;
  const entry = JSON.stringify({ level, msg, time: new Date().toISOString(), ...redact(fields) });
  if (level === "error") console.error(entry);
  else console.log(entry);
}

export const logger = {
  info: (msg: string, fields?: Fields) => line("info", msg, fields),
  warn: (msg: string, fields?: Fields) => line("warn", msg, fields),
  error: (msg: string, fields?: Fields) => line("error", msg, fields),
};
