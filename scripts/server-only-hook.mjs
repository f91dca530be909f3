// Scripts (migrate, seed, the job worker, benchmarks) run the app's server modules in plain Node, where
// the `server-only` marker package throws (Next.js resolves it to nothing on the server). This resolve
// hook does what Next.js does. Loaded with `tsx --import ./scripts/server-only-hook.mjs …`.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) { if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true }; return next(specifier, context); }',
    ),
);
