import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PORT, rawPost, unique } from "../support";

const APP = `app.localhost:${PORT}`;
const ACME = `acme.localhost:${PORT}`;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

function raw(o: { host: string; path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path: o.path, method: o.method ?? "GET", headers: { host: o.host, ...o.headers } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer in 10 s: ${o.method ?? "GET"} ${o.path}`)));
    req.on("error", reject);
    req.end(o.body);
  });
}

/** A real Server Action id of the build, and a dashboard page that runs it. */
function anAction(): { id: string; page: string } {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown> }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).find((w) => w.includes("[org]/settings/branding/page"));
    if (worker) return { id, page: "/acme/settings/branding" };
  }
  throw new Error("no branding action in the build's server-reference-manifest");
}

/** 150 malformed Server Action requests: bodies, content types, sizes, nesting, references, origins, ids. */
function garbage(actionId: string): { name: string; headers: Record<string, string>; body?: string | Buffer }[] {
  const json = "text/plain;charset=UTF-8";
  const bodies: [string, string | Buffer][] = [
    ["empty", ""],
    ["null", "null"],
    ["true", "true"],
    ["number", "42"],
    ["string", '"hello"'],
    ["object", "{}"],
    ["object with proto", '{"__proto__":{"polluted":true}}'],
    ["not json", "not json at all"],
    ["half json", '[{"a":'],
    ["trailing comma", "[1,]"],
    ["bare bracket", "["],
    ["nul bytes", "\u0000\u0000\u0000"],
    ["binary", Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x9c, 0x00, 0xc3])],
    ["deep array", "[".repeat(5000) + "]".repeat(5000)],
    ["deep object", '{"a":'.repeat(3000) + "1" + "}".repeat(3000)],
    ["formdata ref", '["$K1"]'],
    ["promise ref", '["$@0"]'],
    ["map ref", '["$Q1"]'],
    ["set ref", '["$W1"]'],
    ["blob ref", '["$B1"]'],
    ["server ref", '["$h1"]'],
    ["stream ref", '["$R1"]'],
    ["iterator ref", '["$i1"]'],
    ["chunk ref", '["$1"]'],
    ["bad date", '["$Dnot-a-date"]'],
    ["nested refs", '[{"a":["$Q9",{"b":"$@3"}]}]'],
    ["ref object", '[{"$$typeof":"$1"}]'],
    ["huge number", "[1e400]"],
    ["lone surrogate", '["\\ud800"]'],
    ["array of nulls", JSON.stringify(new Array(10000).fill(null))],
  ];
  const out: { name: string; headers: Record<string, string>; body?: string | Buffer }[] = [];
  const base = { origin: `http://${APP}`, "next-action": actionId };
  for (const [name, body] of bodies) out.push({ name: `text/plain ${name}`, headers: { ...base, "content-type": json }, body });
  for (const [name, body] of bodies) out.push({ name: `no content type ${name}`, headers: { ...base }, body });
  for (const [name, body] of bodies) out.push({ name: `application/json ${name}`, headers: { ...base, "content-type": "application/json" }, body });
  for (const [name, body] of bodies.slice(0, 15))
    out.push({ name: `urlencoded ${name}`, headers: { ...base, "content-type": "application/x-www-form-urlencoded" }, body });
  const multipart: [string, string, string][] = [
    ["no boundary", "multipart/form-data", "--x\r\n\r\n--x--"],
    ["empty", "multipart/form-data; boundary=x", ""],
    ["unterminated", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["a"'],
    ["garbage root", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\nnot json\r\n--x--\r\n'],
    ["null root", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\nnull\r\n--x--\r\n'],
    ["missing root", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="7"\r\n\r\n1\r\n--x--\r\n'],
    ["dangling ref", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K9"]\r\n--x--\r\n'],
    ["no headers", "multipart/form-data; boundary=x", "--x\r\n\r\n\r\n--x--\r\n"],
    ["binary", "multipart/form-data; boundary=x", "--x\r\n\u0000\u00ff\u00fe\r\n--x--\r\n"],
    ["wrong boundary", "multipart/form-data; boundary=y", '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--x--\r\n'],
  ];
  for (const [name, type, body] of multipart) out.push({ name: `multipart ${name}`, headers: { ...base, "content-type": type }, body });
  const big = "[" + '"x",'.repeat(300_000) + '"x"]';
  out.push({ name: "over 1 MB", headers: { ...base, "content-type": json }, body: big });
  out.push({ name: "declared over 1 MB", headers: { ...base, "content-type": json, "content-length": String(big.length) }, body: big });
  out.push({ name: "negative content-length", headers: { ...base, "content-type": json, "content-length": "-1" }, body: "" });
  for (const origin of ["http://evil.example", "https://evil.example", "null", "not a url", `http://${ACME}`, `http://${APP}.evil.example`])
    out.push({ name: `origin ${origin}`, headers: { ...base, origin, "content-type": json }, body: "[]" });
  for (const id of ["", "zz", "0".repeat(200), "../../etc/passwd", "7f".repeat(21)])
    out.push({ name: `action id ${id.slice(0, 12)}`, headers: { ...base, "next-action": id, "content-type": json }, body: "[]" });
  for (const [name, body] of bodies.slice(0, 150 - out.length))
    out.push({ name: `foreign origin ${name}`, headers: { ...base, origin: "http://evil.example", "content-type": json }, body });
  return out.slice(0, 150);
}

test("unauthorized: 150 malformed Server Action requests get client errors, never a 500", async () => {
  test.setTimeout(180_000);
  const { id, page } = anAction();
  const cases = garbage(id);
  expect(cases.length).toBe(150);
  const statuses = new Map<number, number>();
  const fiveHundreds: string[] = [];
  for (const c of cases) {
    const res = await raw({ host: APP, path: page, method: "POST", headers: c.headers, body: c.body }).catch((err: Error) => ({
      status: 599,
      headers: {},
      body: err.message,
    }));
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) fiveHundreds.push(`${c.name} → ${res.status}`);
  }
  const summary = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
  fs.mkdirSync("reports", { recursive: true });
  fs.writeFileSync("reports/malformed-actions.json", JSON.stringify({ requests: cases.length, statuses: summary, serverErrors: fiveHundreds }, null, 2));
  console.log(`malformed Server Action requests: ${cases.length}, statuses ${JSON.stringify(summary)}`);
  expect(fiveHundreds).toEqual([]);
  // And a well-formed call of the same action still reaches it (signed out: the action says so itself).
  const ok = await raw({
    host: APP,
    path: page,
    method: "POST",
    headers: { origin: `http://${APP}`, "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    body: '["acme",{"name":"x"}]',
  });
  expect(ok.status).toBe(200);
});

test("unauthorized: malformed forms posted without JavaScript get client errors, never a 500", async () => {
  const cases: [string, string, string][] = [
    ["no boundary", "multipart/form-data", "--x\r\n\r\n--x--"],
    ["truncated", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="$ACTION_ID_7f"\r\n\r\n'],
    ["dangling action ref", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="$ACTION_REF_1"\r\n\r\n\r\n--x--\r\n'],
    [
      "bad action metadata",
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="$ACTION_REF_1"\r\n\r\n\r\n--x\r\nContent-Disposition: form-data; name="$ACTION_1:0"\r\n\r\nnot json\r\n--x--\r\n',
    ],
    ["bad action id", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="$ACTION_ID_../../x"\r\n\r\n\r\n--x--\r\n'],
    ["unknown action field", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="$ACTION_WHAT"\r\n\r\n1\r\n--x--\r\n'],
  ];
  for (const [name, type, body] of cases) {
    for (const [host, p] of [
      [APP, "/sign-in"],
      [APP, "/acme/courses"],
      [ACME, "/sign-in"],
    ] as const) {
      const res = await raw({ host, path: p, method: "POST", headers: { origin: `http://${host}`, "content-type": type }, body });
      expect(res.status, `${name} on ${host}${p}`).toBeLessThan(500);
    }
  }
});

test("unauthorized: the dashboard and the student area refuse to be framed; a school's public pages may be", async () => {
  for (const [host, p] of [
    [APP, "/sign-in"],
    [APP, "/"],
    [ACME, "/sign-in"],
    [ACME, "/library"],
  ] as const) {
    const res = await raw({ host, path: p });
    expect(res.headers["x-frame-options"], `${host}${p}`).toBe("DENY");
    expect(String(res.headers["content-security-policy"]), `${host}${p}`).toContain("frame-ancestors 'none'");
  }
  const site = await raw({ host: ACME, path: "/" });
  expect(site.status).toBe(200);
  expect(site.headers["x-frame-options"]).toBeUndefined();
});

test("unauthorized: a fresh X-Forwarded-For on every attempt does not escape the sign-in limit", async () => {
  const email = `${unique("xff")}@creators.test`;
  expect((await rawPost(APP, "/api/auth/sign-up/email", { email, password: "the-right-password", name: "XFF" })).status).toBe(200);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const body = JSON.stringify({ email, password: `wrong-${i}` });
    const res = await raw({
      host: APP,
      path: "/api/auth/sign-in/email",
      method: "POST",
      headers: { origin: `http://${APP}`, "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
      body,
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test("unauthorized: a sign-in from a foreign origin, and a reset link aimed at another site, are refused", async () => {
  const signIn = await raw({
    host: APP,
    path: "/api/auth/sign-in/email",
    method: "POST",
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    body: JSON.stringify({ email: "owner@acme.test", password: "courseforge-demo" }),
  });
  expect(signIn.status).toBe(403);
  const reset = await rawPost(APP, "/api/auth/request-password-reset", { email: "owner@beta.test", redirectTo: "http://evil.example/steal" });
  expect(reset.status).toBe(403);
});
