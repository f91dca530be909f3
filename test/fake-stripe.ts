import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local HTTP server speaking the part of Stripe's API that Courseforge (and Better Auth's
 * Stripe plugin) call, so the real `stripe` SDK runs in tests. It keeps customers, Checkout
 * Sessions and subscriptions in memory, records every request, and builds correctly signed
 * webhook deliveries (`stripe.webhooks.generateTestHeaderString`).
 */
type Json = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; query: URLSearchParams; body: Json; authorization: string | undefined; idempotencyKey: string | undefined };

/** Stripe's form encoding (`a[b][0][c]=v`) back into nested objects/arrays. */
export function parseStripeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Json | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const k = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) container[k] = value;
      else {
        container[k] ??= nextIsIndex ? [] : {};
        node = container[k] as Json | unknown[];
      }
    });
  }
  return root;
}

const rid = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
const now = () => Math.floor(Date.now() / 1000);

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

export async function startFakeStripe(opts: { webhookSecret: string }) {
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  const idempotent = new Map<string, Json>();

  const price = (id: string) => ({ id, object: "price", active: true, currency: "usd", type: "recurring", recurring: { interval: "month", interval_count: 1, usage_type: "licensed" }, unit_amount: 2900 });
  const notFound = (res: http.ServerResponse, what: string) => send(res, 404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } });
  function send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json", "request-id": rid("req") });
    res.end(JSON.stringify(body));
  }
  const list = (url: string, data: unknown[]) => ({ object: "list", url, has_more: false, data });

  function route(method: string, path: string, query: URLSearchParams, body: Json): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/v1/customers/search") return [200, { object: "search_result", url: path, has_more: false, data: [] }];
    if (method === "GET" && path === "/v1/customers") return [200, list(path, [...customers.values()].filter((c) => !query.get("email") || c.email === query.get("email")))];
    if (method === "POST" && path === "/v1/customers") {
      const c = { id: rid("cus"), object: "customer", created: now(), email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
      customers.set(c.id, c);
      return [200, c];
    }
    if ((m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const c = customers.get(m[1]!);
      if (!c) return [404, { error: { type: "invalid_request_error", code: "resource_missing", message: "No such customer" } }];
      if (method === "POST") Object.assign(c, body);
      return [200, c];
    }
    if ((m = path.match(/^\/v1\/prices\/([^/]+)$/)) && method === "GET") return [200, price(m[1]!)];
    if (method === "GET" && path === "/v1/subscriptions") {
      const customer = query.get("customer");
      return [200, list(path, [...subscriptions.values()].filter((s) => !customer || s.customer === customer))];
    }
    if ((m = path.match(/^\/v1\/subscriptions\/([^/]+)$/)) && method === "GET") {
      const s = subscriptions.get(m[1]!);
      return s ? [200, s] : [404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${m[1]}'` } }];
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const id = rid("cs_test");
      const s = {
        id,
        object: "checkout.session",
        created: now(),
        url: `https://checkout.stripe.test/c/pay/${id}`,
        mode: body.mode,
        status: "open",
        payment_status: "unpaid",
        customer: body.customer ?? null,
        customer_email: body.customer_email ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        subscription: null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        line_items: body.line_items,
        subscription_data: body.subscription_data,
      };
      sessions.set(id, s);
      return [200, s];
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const id = rid("bps");
      return [200, { id, object: "billing_portal.session", created: now(), customer: body.customer, return_url: body.return_url, flow: body.flow_data ?? null, url: `https://billing.stripe.test/p/session/${id}` }];
    }
    return [404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } }];
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stripe.test");
      const body = req.method === "GET" ? {} : parseStripeForm(raw);
      const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
      requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body, authorization: req.headers.authorization, idempotencyKey });
      // Stripe replays the first response for a repeated idempotency key on a POST.
      const idemKey = req.method === "POST" && idempotencyKey ? `${url.pathname}:${idempotencyKey}` : null;
      if (idemKey && idempotent.has(idemKey)) return send(res, 200, idempotent.get(idemKey));
      const [status, out] = route(req.method ?? "GET", url.pathname, url.searchParams, body);
      if (idemKey && status === 200) idempotent.set(idemKey, out as Json);
      if (status === 404 && !out) return notFound(res, "resource");
      send(res, status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const signer = new Stripe("sk_test_signer");

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sessions,
    subscriptions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),

    /** The customer pays on Checkout: a subscription session gets an active subscription, a payment session is paid. */
    completeCheckout(sessionId: string) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = "complete";
      s.payment_status = "paid";
      if (s.mode === "subscription") {
        const customer = (s.customer as string) ?? rid("cus");
        const items = s.line_items as { price: string; quantity?: string }[];
        const sub = this.putSubscription({ customer, priceId: items[0]!.price, metadata: ((s.subscription_data as Json | undefined)?.metadata as Json) ?? {} });
        s.subscription = sub.id;
        return { session: { ...s }, subscription: sub };
      }
      return { session: { ...s }, subscription: null };
    },

    /** Create or change a subscription as Stripe would hold it now. */
    putSubscription(input: { id?: string; customer: string; priceId: string; status?: string; metadata?: Json; cancelAtPeriodEnd?: boolean }) {
      const id = input.id ?? rid("sub");
      const prev = subscriptions.get(id);
      const start = now();
      const sub = {
        id,
        object: "subscription",
        created: (prev?.created as number) ?? start,
        customer: input.customer,
        status: input.status ?? "active",
        metadata: input.metadata ?? prev?.metadata ?? {},
        cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
        cancel_at: null,
        canceled_at: input.status === "canceled" ? start : null,
        ended_at: input.status === "canceled" ? start : null,
        trial_start: null,
        trial_end: null,
        schedule: null,
        items: {
          object: "list",
          data: [{ id: rid("si"), object: "subscription_item", quantity: 1, price: price(input.priceId), current_period_start: start, current_period_end: start + 30 * 86400 }],
        },
      };
      subscriptions.set(id, sub);
      return structuredClone(sub);
    },

    /** A webhook event carrying a snapshot of `object` as it is at this moment. */
    event(type: string, object: unknown, created = now()) {
      return { id: rid("evt"), object: "event", api_version: "2025-10-29.clover", created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: structuredClone(object) } };
    },

    /** The body and `Stripe-Signature` header Stripe would send for an event (signed with `secret`). */
    sign(event: unknown, secret = opts.webhookSecret) {
      const payload = JSON.stringify(event);
      return { payload, signature: signer.webhooks.generateTestHeaderString({ payload, secret }) };
    },
  };
}
