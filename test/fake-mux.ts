import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server speaking the part of Mux's Video API the product calls (assets, playback ids,
 * master access, and the master file it then serves), with Basic auth checked like Mux's, so the real
 * @mux/mux-node SDK runs in tests. `sign` makes a webhook body and its mux-signature header the way Mux does.
 */
export type FakeMuxAsset = {
  id: string;
  status: "preparing" | "ready" | "errored";
  duration?: number;
  playback_ids: { id: string; policy: "public" | "signed" }[];
  masterFile?: string;
  master?: { status: "preparing" | "ready" | "errored"; url?: string };
};

export async function startFakeMux(o: { tokenId: string; tokenSecret: string }) {
  const assets = new Map<string, FakeMuxAsset>();
  const requests: { method: string; path: string }[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://mux.test");
    requests.push({ method: req.method ?? "GET", path: u.pathname });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const master = /^\/master\/([A-Za-z0-9]+)\.mp4$/.exec(u.pathname);
    if (master && req.method === "GET") {
      const a = assets.get(master[1]!);
      if (!a?.masterFile) return json(404, {});
      res.writeHead(200, { "content-type": "video/mp4", "content-length": fs.statSync(a.masterFile).size });
      return fs.createReadStream(a.masterFile).pipe(res);
    }
    const expected = `Basic ${Buffer.from(`${o.tokenId}:${o.tokenSecret}`).toString("base64")}`;
    if (req.headers.authorization !== expected) return json(401, { error: { type: "unauthorized", messages: ["Unauthorized request"] } });
    let m: RegExpExecArray | null;
    if (req.method === "GET" && u.pathname === "/video/v1/assets")
      return json(200, { data: [...assets.values()].slice(0, Number(u.searchParams.get("limit") ?? 25)) });
    if ((m = /^\/video\/v1\/assets\/([A-Za-z0-9]+)$/.exec(u.pathname)) && req.method === "GET") {
      const a = assets.get(m[1]!);
      return a ? json(200, { data: a }) : json(404, { error: { type: "not_found", messages: ["Asset not found"] } });
    }
    if ((m = /^\/video\/v1\/assets\/([A-Za-z0-9]+)\/master-access$/.exec(u.pathname)) && req.method === "PUT") {
      const a = assets.get(m[1]!);
      if (!a) return json(404, { error: { type: "not_found", messages: ["Asset not found"] } });
      a.master = { status: "ready", url: `${url}/master/${a.id}.mp4` };
      return json(200, { data: a });
    }
    if ((m = /^\/video\/v1\/playback-ids\/([A-Za-z0-9]+)$/.exec(u.pathname)) && req.method === "GET") {
      for (const a of assets.values()) {
        const p = a.playback_ids.find((x) => x.id === m![1]);
        if (p) return json(200, { data: { id: p.id, policy: p.policy, object: { type: "asset", id: a.id } } });
      }
      return json(404, { error: { type: "not_found", messages: ["Playback ID not found"] } });
    }
    json(404, { error: { type: "not_found", messages: ["Not found"] } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    assets,
    requests,
    /** A webhook as Mux sends it: the JSON body and `mux-signature: t=<time>,v1=<HMAC-SHA256 of "t.body">`. */
    sign(secret: string, event: { id: string; type: string; data: unknown }, at = Math.floor(Date.now() / 1000)) {
      const body = JSON.stringify({
        ...event,
        object: { type: "asset", id: (event.data as { id?: string }).id },
        created_at: new Date(at * 1000).toISOString(),
      });
      const v1 = crypto.createHmac("sha256", secret).update(`${at}.${body}`).digest("hex");
      return { body, signature: `t=${at},v1=${v1}` };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
