import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server speaking the S3 object calls the storage driver makes (path-style PUT, GET,
 * DELETE), like Cloudflare R2 does, so the real AWS SDK client runs in tests. Records requests.
 */
export async function startFakeS3() {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: { method: string; path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://s3.test").pathname);
      requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization });
      if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) {
        res.writeHead(403, { "content-type": "application/xml" });
        return res.end("<Error><Code>AccessDenied</Code></Error>");
      }
      if (req.method === "PUT") {
        objects.set(path, { body: Buffer.concat(chunks), contentType: String(req.headers["content-type"] ?? "application/octet-stream") });
        res.writeHead(200, { etag: '"fake"' });
        return res.end();
      }
      if (req.method === "DELETE") {
        objects.delete(path);
        res.writeHead(204);
        return res.end();
      }
      const o = objects.get(path);
      if (!o) {
        res.writeHead(404, { "content-type": "application/xml" });
        return res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`);
      }
      res.writeHead(200, { "content-type": o.contentType, "content-length": String(o.body.length), etag: '"fake"' });
      res.end(o.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
