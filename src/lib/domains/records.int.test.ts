import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeDns } from "../../../test/fake-dns";
import { systemDns } from "./dns";
import { checkDomain, recordsFor } from "./records";

let fake: FakeDns;
let dns: ReturnType<typeof systemDns>;
const TARGET = "domains.courseforge.com";
const domain = { hostname: "learn.example.com", apex: "example.com", token: "tok123", twin: null };

beforeAll(async () => {
  fake = await new FakeDns().start();
  dns = systemDns({ servers: [`127.0.0.1:${fake.port}`] });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.clear();
  fake.set(TARGET, { a: ["203.0.113.10"], aaaa: ["2001:db8::10"] });
});

describe("checkDomain looks the records up through Node's resolver (a DNS server at the wire)", () => {
  it("lists the TXT proof and a CNAME per name", () => {
    expect(recordsFor({ ...domain, apex: "example.com", hostname: "example.com", twin: "www.example.com" }, TARGET)).toEqual([
      expect.objectContaining({ type: "TXT", name: "_courseforge.example.com", label: "_courseforge", value: "courseforge-verify=tok123" }),
      expect.objectContaining({ type: "CNAME", name: "example.com", label: "@", value: TARGET }),
      expect.objectContaining({ type: "CNAME", name: "www.example.com", label: "www", value: TARGET }),
    ]);
  });

  it("nothing there yet: not verified, and says what is missing", async () => {
    const r = await checkDomain(dns, domain, TARGET);
    expect(r).toMatchObject({ ownership: false, verified: false, routing: { "learn.example.com": false } });
    expect(r.problem).toMatch(/TXT record “_courseforge” on example\.com.*CNAME record “learn” on example\.com pointing to domains\.courseforge\.com/);
  });

  it("the CNAME alone is not enough: pointing a name at us proves nothing about owning it", async () => {
    fake.set("learn.example.com", { cname: TARGET });
    const r = await checkDomain(dns, domain, TARGET);
    expect(r).toMatchObject({ ownership: false, verified: false, routing: { "learn.example.com": true } });
  });

  it("another school's token, or ours in the wrong place, does not prove ownership", async () => {
    fake.set("learn.example.com", { cname: TARGET });
    fake.set("_courseforge.example.com", { txt: ["courseforge-verify=someone-else", "google-site-verification=x"] });
    expect((await checkDomain(dns, domain, TARGET)).ownership).toBe(false);
    fake.set("_courseforge.learn.example.com", { txt: ["courseforge-verify=tok123"] });
    expect((await checkDomain(dns, domain, TARGET)).ownership).toBe(false);
  });

  it("TXT beside other values + CNAME to the target: verified", async () => {
    fake.set("learn.example.com", { cname: TARGET });
    fake.set("_courseforge.example.com", { txt: ["v=spf1 -all", "courseforge-verify=tok123"] });
    expect(await checkDomain(dns, domain, TARGET)).toMatchObject({ ownership: true, verified: true, problem: null });
  });

  it("a CNAME somewhere else does not route here", async () => {
    fake.set("learn.example.com", { cname: "shops.myshopify.com" });
    fake.set("_courseforge.example.com", { txt: ["courseforge-verify=tok123"] });
    expect(await checkDomain(dns, domain, TARGET)).toMatchObject({ ownership: true, verified: false, routing: { "learn.example.com": false } });
  });

  it("an apex with ALIAS/flattening answers the target's addresses: routed; other addresses are not", async () => {
    const apex = { hostname: "example.com", apex: "example.com", token: "tok123", twin: "www.example.com" };
    fake.set("_courseforge.example.com", { txt: ["courseforge-verify=tok123"] });
    fake.set("example.com", { a: ["203.0.113.10"], aaaa: ["2001:db8::10"] });
    fake.set("www.example.com", { cname: TARGET });
    expect(await checkDomain(dns, apex, TARGET)).toMatchObject({ verified: true, routing: { "example.com": true, "www.example.com": true } });
    fake.set("example.com", { a: ["198.51.100.7"], aaaa: [] });
    expect(await checkDomain(dns, apex, TARGET)).toMatchObject({ verified: false, routing: { "example.com": false } });
  });

  it("a failing name server is reported as a failed look-up, not as missing records", async () => {
    fake.set("_courseforge.example.com", { fail: true });
    const r = await checkDomain(dns, domain, TARGET);
    expect(r.verified).toBe(false);
    expect(r.problem).toMatch(/look-up failed/);
  });
});
