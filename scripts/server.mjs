#!/usr/bin/env node
// The HTTP server in front of Next.js for `npm start` (production build) and `npm run dev` (--dev).
//
// It does one thing Next's own server cannot: tell the app who is really on the other end of the socket.
// Next fills X-Forwarded-For only when a client did not send one, so a client can name any address it
// likes. Here every request is stamped with the socket's peer address and a key made for this process
// (`x-courseforge-peer: <key> <address>`, replacing whatever a client sent); the app believes forwarding
// headers only as far as TRUSTED_PROXIES vouch for them (src/lib/net/client-ip.ts).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const key = randomBytes(24).toString("base64url");
process.env.COURSEFORGE_PEER_KEY = key;

const app = next({ dev, port, hostname: "localhost", ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers["x-courseforge-peer"] = `${key} ${req.socket.remoteAddress ?? ""}`;
  handle(req, res).catch((err) => {
    console.error(JSON.stringify({ level: "error", msg: "server.request_failed", error: String(err?.message ?? err) }));
    if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
  });
});
const upgrade = app.getUpgradeHandler();
server.on("upgrade", (req, socket, head) => {
  req.headers["x-courseforge-peer"] = `${key} ${req.socket.remoteAddress ?? ""}`;
  upgrade(req, socket, head);
});
server.listen(port, () => {
  console.log(`  ▲ Courseforge ${dev ? "(dev)" : ""} listening on http://localhost:${port}`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
