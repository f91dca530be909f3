#!/usr/bin/env node
// The HTTP server in front of Next.js for `npm start` (production build) and `npm run dev` (--dev).
//
// It does one thing Next's own server cannot: tell the app who is really on the other end of the socket.
// Next fills X-Forwarded-For only when a client did not send one, so a client can name any address it
// likes. Here every request is stamped with the socket's peer address and a key made for this process
// (`x-courseforge-peer: <key> <address>`, replacing whatever a client sent); the app believes forwarding
// headers only as far as TRUSTED_PROXIES vouch for them (src/lib/net/client-ip.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const key = randomBytes(24).toString("base64url");
process.env.COURSEFORGE_PEER_KEY = key;

// A new embedded database (none yet under DATA_DIR): the cached tenant look-ups and pages in .next belong to
// whatever database an earlier run used (its school ids), and must go before anything is served from them.
const dataDir = process.env.DATA_DIR ?? ".data";
if (!process.env.DATABASE_URL && !fs.existsSync(path.join(dataDir, "pglite"))) {
  for (const dir of [".next/cache/fetch-cache", ".next/dev/cache/fetch-cache", ".next/server/route-cache"]) fs.rmSync(dir, { recursive: true, force: true });
}

const app = next({ dev, port, hostname: "localhost", ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

function serve() {
  const server = createServer((req, res) => {
    req.headers["x-courseforge-peer"] = `${key} ${req.socket.remoteAddress ?? ""}`;
    handle(req, res).catch((err) => {
      console.error(JSON.stringify({ level: "error", msg: "server.request_failed", error: String(err?.message ?? err) }));
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  });
  server.on("upgrade", (req, socket, head) => {
    req.headers["x-courseforge-peer"] = `${key} ${req.socket.remoteAddress ?? ""}`;
    upgrade(req, socket, head);
  });
  return server;
}
const upgrade = app.getUpgradeHandler();

// A localhost ROOT_DOMAIN (the default) is the embedded demo, with published demo passwords: it listens on
// this machine's loopback addresses only. A public ROOT_DOMAIN (or HOST) listens on every interface.
const root = (process.env.ROOT_DOMAIN ?? "localhost").replace(/:\d+$/, "").toLowerCase();
const local = root === "localhost" || root.endsWith(".localhost");
const servers = [];
if (process.env.HOST || !local) {
  servers.push(serve().listen(port, process.env.HOST || undefined));
} else {
  servers.push(serve().listen(port, "127.0.0.1"));
  const v6 = serve();
  v6.on("error", () => {}); // no IPv6 loopback on this machine: IPv4 is enough
  servers.push(v6.listen(port, "::1"));
}
console.log(
  `  ▲ Courseforge ${dev ? "(dev) " : ""}listening on http://${local ? `app.${process.env.ROOT_DOMAIN ?? `localhost:${port}`}` : root}${local ? " (this machine only)" : ""}`,
);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const s of servers) {
      s.close();
      s.closeAllConnections();
    }
    process.exit(0);
  });
}
