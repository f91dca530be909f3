import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "reports/**", "test-results/**", "drizzle/**", "next-env.d.ts"],
  },
  {
    // Tenancy wall: only src/db/** may import the database client.
    files: ["src/**/*.{ts,tsx}", "scripts/**/*.ts", "bench/**/*.ts", "e2e/**/*.ts"],
    // tests may read the database directly to assert what changed
    // (and the embedded job runner's own storage, which is not tenant data: src/inngest/runner/store.ts, retention.ts)
    ignores: ["src/db/**", "src/inngest/runner/store.ts", "src/inngest/runner/retention.ts", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@/db/client", message: "Only src/db/** may use the database client. Use a query from src/db/queries." },
            { name: "drizzle-orm/pglite", message: "Only src/db/** talks to the database." },
            { name: "drizzle-orm/node-postgres", message: "Only src/db/** talks to the database." },
            { name: "drizzle-orm/neon-serverless", message: "Only src/db/** talks to the database." },
          ],
          patterns: [{ group: ["**/db/client", "**/db/client.ts"], message: "Only src/db/** may use the database client." }],
        },
      ],
    },
  },
];

export default config;
