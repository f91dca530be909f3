import http from "node:http";
import pg from "pg";
import { startFakeStripe } from "../test/fake-stripe";
import { startServer, stopServer, withBenchDatabase, writeResult } from "./lib";

/**
 * Student payments through Stripe Connect, against the production build (`next start`, the embedded job
 * runner in the server process) on the local Postgres, with the local fake Stripe:
 *  - latency: from POSTing a verified `checkout.session.completed` to the student's enrolment being active,
 *    200 purchases one after another → p50/p95 (goal p95 ≤ 500 ms)
 *  - throughput: 1,000 paid sessions, each event delivered 3 times (3,000 deliveries, 32 at a time) →
 *    deliveries per second at the webhook endpoint (goal ≥ 200/s), then: one order paid, one enrolment
 *    and one receipt per session (0 duplicates)
 */
const CONNECT_SECRET = "whsec_bench_connect";

function pct(sorted: number[], p: number) {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : 0;
}

function post(port: number, host: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/webhooks/stripe-connect",
        method: "POST",
        agent,
        headers: { host, "content-type": "application/json", "stripe-signature": signature, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export async function benchCheckout() {
  // Before anything reads the configuration (it is read once per process).
  const fake = await startFakeStripe({ webhookSecret: CONNECT_SECRET });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: "whsec_bench_billing",
    STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
    STRIPE_API_URL: fake.url,
  });
  return withBenchDatabase("checkout", { seed: true }, async (DATABASE_URL) => {
    const port = 3300;
    const host = `app.localhost:${port}`;
    const server = await startServer(port);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    try {
      const { findSiteRecord, systemScope } = await import("@/db/scope");
      const { saveStripeAccount } = await import("@/db/queries/stripe-accounts");
      const { createOffer, setOfferStatus } = await import("@/db/queries/offers");
      const { findUserByEmail, ensureBuyerAccount } = await import("@/db/queries/users");
      const { placePendingOrder, attachCheckoutSession } = await import("@/db/queries/orders");
      const { createStudentCheckoutSession } = await import("@/lib/commerce/stripe-checkout");
      const { stripeConnect } = await import("@/lib/commerce/stripe-connect");
      const connect = stripeConnect();
      if (!connect) throw new Error("Stripe Connect is not configured in the bench process");
      const stripe = connect;
      const acme = (await findSiteRecord({ kind: "subdomain", slug: "acme" }))!;
      const scope = systemScope(acme.id);
      const owner = (await findUserByEmail("owner@acme.test"))!;
      const a = await connect.client.accounts.create({ type: "express" });
      fake.setAccount(a.id, { charges_enabled: true, details_submitted: true, payouts_enabled: true });
      const account = await saveStripeAccount(scope, {
        actorUserId: owner.id,
        stripeAccountId: a.id,
        state: { detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true, requirementsDue: [], disabledReason: null },
      });
      const course = (await pool.query(`select id from courses where creator_id = $1 and slug = 'watercolor-foundations'`, [acme.id])).rows[0].id as string;
      const offer = await createOffer(scope, {
        actorUserId: owner.id,
        name: "Bench offer",
        description: null,
        type: "one_time",
        courseIds: [course],
        prices: [{ currency: "usd", amount: 4900, interval: null, installments: null }],
        bumpOfferId: null,
        bumpHeadline: null,
      });
      await setOfferStatus(scope, { actorUserId: owner.id, offerId: offer.id, status: "active" });

      /** A buyer, a pending order, its Checkout Session on Acme's account, paid: the signed event Stripe would send. */
      async function paidSession(i: number, tag: string) {
        const email = `${tag}-${i}@bench.test`;
        const buyer = await ensureBuyerAccount({ email, name: `Buyer ${i}` });
        const { order, quote: q } = await placePendingOrder(scope, {
          offerId: offer.id,
          currency: "usd",
          withBump: false,
          couponCode: null,
          feeBps: 200,
          buyer: { userId: buyer.userId, email, signedIn: false },
        });
        const session = await createStudentCheckoutSession({
          connect: stripe,
          account,
          order,
          q,
          feeBps: 200,
          buyer: { userId: buyer.userId, email },
          origin: "http://acme.localhost",
          successPath: "/library",
          embedded: false,
        });
        await attachCheckoutSession(scope, { orderId: order.id, sessionId: session.id });
        const { session: paid } = fake.completeCheckout(session.id);
        return { orderId: order.id, signed: fake.sign(fake.event("checkout.session.completed", paid, undefined, a.id)) };
      }

      // Latency: one purchase at a time.
      const LAT = Number(process.env.BENCH_CHECKOUT_LATENCY ?? 200);
      const latencies: number[] = [];
      for (let i = 0; i < LAT; i++) {
        const { orderId, signed } = await paidSession(i, "lat");
        const t0 = performance.now();
        const status = await post(port, host, signed.payload, signed.signature);
        if (status !== 200) throw new Error(`webhook answered ${status}`);
        for (;;) {
          const r = await pool.query(`select 1 from enrollments where order_id = $1 and status = 'active'`, [orderId]);
          if (r.rowCount) break;
          if (performance.now() - t0 > 30_000) throw new Error("no enrolment after 30 s");
          await new Promise((r) => setTimeout(r, 2));
        }
        latencies.push(performance.now() - t0);
      }
      latencies.sort((x, y) => x - y);

      // Throughput: every event three times, 32 deliveries in flight.
      const N = Number(process.env.BENCH_CHECKOUT_EVENTS ?? 1000);
      const prepared = [];
      for (let i = 0; i < N; i++) prepared.push(await paidSession(i, "tp"));
      const deliveries = prepared.flatMap((p) => [p, p, p]).sort(() => Math.random() - 0.5);
      let next = 0;
      const statuses: Record<number, number> = {};
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < deliveries.length) {
            const d = deliveries[next++]!;
            const s = await post(port, host, d.signed.payload, d.signed.signature);
            statuses[s] = (statuses[s] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      // 409s (a delivery racing another of the same event) are retried by Stripe: deliver those once more.
      const ids = prepared.map((p) => p.orderId);
      const waitStart = performance.now();
      for (;;) {
        const r = await pool.query(`select count(*)::int as n from orders where id = any($1) and fulfilled_at is not null`, [ids]);
        if (r.rows[0].n === N) break;
        if (performance.now() - waitStart > 120_000) {
          for (const p of prepared) await post(port, host, p.signed.payload, p.signed.signature);
        }
        if (performance.now() - waitStart > 240_000) throw new Error("orders not fulfilled");
        await new Promise((r) => setTimeout(r, 100));
      }
      const q = async (sql: string) => (await pool.query(sql, [ids])).rows[0].n as number;
      await new Promise((r) => setTimeout(r, 1500)); // let the receipts' steps finish
      const result = {
        bench: "checkout",
        date: new Date().toISOString(),
        setup: "next start (embedded job runner in the server process), local Postgres, the local fake Stripe (each event re-read from it)",
        latency: { purchases: LAT, p50Ms: pct(latencies, 50), p95Ms: pct(latencies, 95), maxMs: Math.round(latencies.at(-1) ?? 0), goalP95Ms: 500 },
        webhook: {
          sessions: N,
          deliveries: deliveries.length,
          seconds: Math.round(seconds * 100) / 100,
          deliveriesPerSecond: Math.round(deliveries.length / seconds),
          statuses,
          goalPerSecond: 200,
          ordersPaid: await q(`select count(*)::int as n from orders where id = any($1) and status = 'paid'`),
          enrollments: await q(`select count(*)::int as n from enrollments where order_id = any($1)`),
          receipts: await q(
            `select count(*)::int as n from email_messages e join orders o on o.email = e.to_address where o.id = any($1) and e.subject like 'Your receipt%'`,
          ),
          eventsRecorded:
            Number((await pool.query(`select count(*)::int as n from webhook_events_in where type = 'checkout.session.completed'`)).rows[0].n) - LAT,
        },
      };
      const duplicates = result.webhook.enrollments - N + (result.webhook.receipts - N);
      Object.assign(result.webhook, { duplicates });
      console.log(JSON.stringify(result, null, 2));
      console.log(`written ${writeResult("checkout", result)}`);
    } finally {
      await pool.end();
      stopServer(server);
      await fake.close();
    }
  });
}
