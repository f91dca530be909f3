import dgram from "node:dgram";
import dnsPacket from "dns-packet";

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) for tests: it answers TXT, CNAME, A and AAAA
 * questions from a table the test sets, NXDOMAIN for names it does not know, and SERVFAIL for names marked
 * failing. The app's resolver (src/lib/domains/dns.ts) is pointed at it with DNS_SERVERS, so domain
 * checks run real DNS packets through Node's resolver. The integration tests start it on a free port; the
 * e2e test on the port scripts/e2e-server.sh names in the server's DNS_SERVERS.
 */
export type FakeRecords = { txt?: string[]; cname?: string; a?: string[]; aaaa?: string[]; fail?: boolean };

export class FakeDns {
  readonly zone = new Map<string, FakeRecords>();
  private socket = dgram.createSocket("udp4");
  port = 0;

  set(name: string, records: FakeRecords) {
    this.zone.set(name.toLowerCase(), { ...this.zone.get(name.toLowerCase()), ...records });
  }
  clear() {
    this.zone.clear();
  }

  async start(port = 0): Promise<this> {
    this.socket.on("message", (msg, rinfo) => {
      let query: dnsPacket.Packet;
      try {
        query = dnsPacket.decode(msg);
      } catch {
        return;
      }
      const q = query.questions?.[0];
      if (!q) return;
      const name = q.name.toLowerCase();
      const rec = this.zone.get(name);
      const answers: dnsPacket.Answer[] = [];
      let rcode = rec ? "NOERROR" : "NXDOMAIN";
      if (rec?.fail) rcode = "SERVFAIL";
      else if (rec) {
        // A CNAME answers any type (resolvers follow it); then the target's records if we know them.
        if (rec.cname) {
          answers.push({ type: "CNAME", name: q.name, ttl: 60, class: "IN", data: rec.cname });
          const target = this.zone.get(rec.cname.toLowerCase());
          if (q.type === "A") for (const a of target?.a ?? []) answers.push({ type: "A", name: rec.cname, ttl: 60, class: "IN", data: a });
        } else if (q.type === "TXT") for (const t of rec.txt ?? []) answers.push({ type: "TXT", name: q.name, ttl: 60, class: "IN", data: t });
        else if (q.type === "A") for (const a of rec.a ?? []) answers.push({ type: "A", name: q.name, ttl: 60, class: "IN", data: a });
        else if (q.type === "AAAA") for (const a of rec.aaaa ?? []) answers.push({ type: "AAAA", name: q.name, ttl: 60, class: "IN", data: a });
      }
      const reply = dnsPacket.encode({
        type: "response",
        id: query.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | (rcode === "NXDOMAIN" ? 3 : rcode === "SERVFAIL" ? 2 : 0),
        questions: query.questions,
        answers,
      });
      this.socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => this.socket.bind(port, "127.0.0.1", () => resolve()));
    this.port = this.socket.address().port;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}
