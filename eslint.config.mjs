import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * Walls between layers, as import rules. ESLint applies the last matching `no-restricted-imports` of a
 * file, so each group below lists every wall that holds for it.
 */
const DB_WALL = [
  { name: "@/db/client", message: "Only src/db/** may use the database client. Use a query from src/db/queries." },
  { name: "drizzle-orm/pglite", message: "Only src/db/** talks to the database." },
  { name: "drizzle-orm/node-postgres", message: "Only src/db/** talks to the database." },
  { name: "drizzle-orm/neon-serverless", message: "Only src/db/** talks to the database." },
];
const DB_WALL_PATTERNS = [{ group: ["**/db/client", "**/db/client.ts"], message: "Only src/db/** may use the database client." }];
// systemScope: jobs (src/inngest), verified webhooks (stripe-events.ts, connect-events.ts, mux-events.ts, heygen-events.ts) and scripts (the seed, scripts/, bench/) only.
const SYSTEM_SCOPE = {
  name: "@/db/scope",
  importNames: ["systemScope"],
  message:
    "systemScope is for jobs, verified webhooks and scripts. On a request path take the scope from the request: dashboardScope (membership), the site scope (host), platformAdminScope (support tools).",
};
// platformAdminScope: the platform admin's actions and pages only.
const ADMIN_SCOPE = {
  name: "@/db/scope",
  importNames: ["platformAdminScope"],
  message: "platformAdminScope is for the platform admin's actions and pages (src/actions/admin, the admin pages).",
};

// The same names through a relative path (`../../db/scope`).
const relative = (named) => ({ group: ["**/db/scope", "**/db/scope.ts"], importNames: named.importNames, message: named.message });
const walls = (...paths) => {
  const flat = paths.flat();
  const patterns = [...(flat.includes(DB_WALL[0]) ? DB_WALL_PATTERNS : []), ...flat.filter((p) => p.name === "@/db/scope").map(relative)];
  return ["error", { paths: flat, patterns }];
};
// `await import("@/db/scope")` would hand out every constructor: scope is imported statically, where the walls see it.
const NO_DYNAMIC_SCOPE = {
  selector: "ImportExpression[source.value=/(^|\\/)db\\/scope(\\.ts)?$/]",
  message: "Import the scope module statically (the lint walls check which constructors a file takes).",
};

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const SYSTEM_ALLOWED = [
  "src/inngest/**",
  "src/lib/platform-billing/stripe-events.ts",
  "src/lib/commerce/connect-events.ts",
  "src/lib/video/mux-events.ts",
  "src/lib/avatar/heygen-events.ts",
  "src/lib/demo/**",
  "scripts/**",
  "bench/**",
];
const ADMIN_ALLOWED = ["src/actions/admin/**", "src/app/(dashboard)/dashboard/(admin)/**"];
// The database client: src/db itself, the job runner's own storage (not tenant data), and the seed script.
const DB_ALLOWED = ["src/inngest/runner/store.ts", "src/inngest/runner/retention.ts", "src/lib/demo/seed.ts"];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".data/**", "reports/**", "test-results/**", "drizzle/**", "next-env.d.ts", "src/__probe__/**"] },
  // Tests may read the database and make any scope to assert what changed.
  {
    files: ["src/**/*.{ts,tsx,js,jsx,mjs}", "scripts/**/*.{ts,mjs}", "bench/**/*.ts", "e2e/**/*.ts"],
    ignores: ["src/db/**", ...TESTS, ...SYSTEM_ALLOWED, ...ADMIN_ALLOWED, ...DB_ALLOWED],
    rules: { "no-restricted-imports": walls(DB_WALL, SYSTEM_SCOPE, ADMIN_SCOPE) },
  },
  {
    files: SYSTEM_ALLOWED.map((g) => (g.endsWith("**") ? `${g}/*.{ts,tsx}` : g)),
    ignores: [...TESTS, ...DB_ALLOWED],
    rules: { "no-restricted-imports": walls(DB_WALL, ADMIN_SCOPE) },
  },
  { files: ADMIN_ALLOWED.map((g) => `${g}/*.{ts,tsx}`), ignores: TESTS, rules: { "no-restricted-imports": walls(DB_WALL, SYSTEM_SCOPE) } },
  { files: DB_ALLOWED, rules: { "no-restricted-imports": walls(ADMIN_SCOPE) } },
  { files: ["src/**/*.{ts,tsx,js,jsx,mjs}"], ignores: ["src/db/**", ...TESTS], rules: { "no-restricted-syntax": ["error", NO_DYNAMIC_SCOPE] } },
  // Leaving keys out of a copy with a rest pattern ({ id, ...rest }) is how we omit them.
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }] } },
  // Queries: more than three parameters take an options object (scope, then what to do).
  { files: ["src/db/queries/**/*.ts", "src/lib/**/*.ts", "src/inngest/**/*.ts"], ignores: TESTS, rules: { "max-params": ["error", 3] } },
];

export default config;
