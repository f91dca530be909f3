#!/usr/bin/env node
// `npm run dev`: the whole product on one machine with no accounts and no network.
// PGlite in .data/pglite (migrated and seeded with the demo sites at start), local outbox for email.
import { spawn } from "node:child_process";

const port = process.env.PORT ?? "3000";
// (A new embedded database clears the page and look-up caches of an older one: scripts/server.mjs.)
const root = process.env.ROOT_DOMAIN ?? `localhost:${port}`;
console.log(`
  Courseforge (embedded mode)
    platform   http://${root}
    dashboard  http://app.${root}        owner@acme.test / courseforge-demo
    tenant     http://acme.${root}       student@acme.test / courseforge-demo
    outbox     http://app.${root}/dev/outbox
`);
const child = spawn(process.execPath, ["scripts/server.mjs", "--dev"], { stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: port } });
child.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
