import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      // Next.js resolves `server-only` to nothing on the server; tests run server code in plain Node.
      "server-only": path.resolve(import.meta.dirname, "test/server-only.ts"),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-db.ts"],
    // Two cores run two files at once: a file signing in several people (password hashing) beside one transcoding video can take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    env: {
      NODE_ENV: "test",
      BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-000",
      AUTH_RATE_LIMIT: "off",
      ROOT_DOMAIN: "localhost:3000",
      DATA_DIR: ".data/test",
      JOB_RETRY_BASE_MS: "5",
      // As scripts/server.mjs sets it: test/helpers.ts stamps requests with this key and a peer address.
      COURSEFORGE_PEER_KEY: "test-peer-key-test-peer-key",
    },
  },
});
