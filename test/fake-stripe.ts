import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local HTTP server speaking the part of Stripe's API that Courseforge calls, so the real
 * `stripe` SDK runs in tests. It keeps customers, Checkout Sessions, subscriptions, charges and
 * disputes in memory, records every request, answers like Stripe where Courseforge depends on it
 * (idempotency keys replay the first response and refuse other parameters; list filters; a portal
 * flow must name a subscription of the session's customer), and builds correctly signed webhook
 * deliveries (`stripe.webhooks.generateTestHeaderString`).
 */
type Json = Record<string, unknown>;
export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  /** The connected account the request acts on (the `Stripe-Account` header), if any. */
  stripeAccount: string | undefined;
};

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

/** The environment that points the app's creator billing at a fake server (set it before importing the app). */
export function fakeStripeEnv(fake: { url: string }, webhookSecret: string) {
  return {
    STRIPE_SECRET_KEY: "sk_test_courseforge_fake",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_PRICE_STARTER: "price_starter_m",
    STRIPE_PRICE_PRO: "price_pro_m",
    STRIPE_PRICE_BUSINESS: "price_business_m",
    STRIPE_API_URL: fake.url,
  };
}

/** Deliver an event to the app's webhook route as Stripe would: POSTed, signed (with `secret` if given). */
export function webhookDelivery(
  fake: { sign(event: unknown, secret?: string): { payload: string; signature: string } },
  post: (req: Request) => Promise<Response>,
  host = "app.localhost:3000",
) {
  return (event: unknown, secret?: string) => {
    const { payload, signature } = fake.sign(event, secret);
    return post(
      new Request(`http://${host}/api/auth/stripe/webhook`, {
        method: "POST",
        headers: { host, "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      }),
    );
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

export async function startFakeStripe(opts: { webhookSecret: string }) {
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  const charges = new Map<string, Json>();
  const disputes = new Map<string, Json>();
  // Stripe Connect: connected accounts, and per-account objects (each remembers the account it lives on).
  const accounts = new Map<string, Json>();
  const coupons = new Map<string, Json>();
  const invoices = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const idempotent = new Map<string, { raw: string; status: number; body: unknown }>();

  const price = (id: string) => ({
    id,
    object: "price",
    active: true,
    currency: "usd",
    type: "recurring",
    recurring: { interval: "month", interval_count: 1, usage_type: "licensed" },
    unit_amount: 2900,
  });
  const missing = (what: string, id: string, param?: string) => ({
    error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}: '${id}'`, ...(param ? { param } : {}) },
  });
  const invalid = (message: string, param?: string) => ({ error: { type: "invalid_request_error", message, ...(param ? { param } : {}) } });
  function send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json", "request-id": rid("req") });
    res.end(JSON.stringify(body));
  }
  const list = (url: string, data: unknown[]) => ({ object: "list", url, has_more: false, data });
  const limited = (query: URLSearchParams, data: unknown[]) => data.slice(0, Number(query.get("limit") ?? 10));
  const idOf = (v: unknown) => (typeof v === "string" ? v : v && typeof v === "object" ? ((v as Json).id as string) : null);

  /** An object on a connected account is found only with that account's header (and vice versa), as on Stripe. */
  const onAccount = (o: Json | undefined, account: string | undefined) => (o && (o.account ?? undefined) === account ? o : undefined);

  function route(method: string, path: string, query: URLSearchParams, body: Json, account?: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/accounts") {
      const a = {
        id: rid("acct"),
        object: "account",
        type: body.type ?? "express",
        email: body.email ?? null,
        country: body.country ?? "US",
        business_profile: body.business_profile ?? {},
        metadata: body.metadata ?? {},
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
        requirements: { currently_due: ["external_account", "tos_acceptance.date"], disabled_reason: "requirements.past_due" },
      };
      accounts.set(a.id, a);
      return [200, a];
    }
    if ((m = path.match(/^\/v1\/accounts\/([^/]+)$/)) && method === "GET") {
      const a = accounts.get(m[1]!);
      return a ? [200, a] : [404, missing("account", m[1]!)];
    }
    if (method === "POST" && path === "/v1/account_links") {
      if (!accounts.has(body.account as string)) return [400, missing("account", String(body.account), "account")];
      return [
        200,
        {
          object: "account_link",
          created: now(),
          expires_at: now() + 300,
          url: `https://connect.stripe.test/setup/e/${body.account}/${rid("link")}`,
          return_url: body.return_url,
          refresh_url: body.refresh_url,
        },
      ];
    }
    if (method === "POST" && path === "/v1/coupons") {
      const c = {
        id: rid("cpn"),
        object: "coupon",
        account,
        percent_off: body.percent_off ? Number(body.percent_off) : null,
        amount_off: body.amount_off ? Number(body.amount_off) : null,
        currency: body.currency ?? null,
        duration: body.duration ?? "once",
        max_redemptions: body.max_redemptions ? Number(body.max_redemptions) : null,
        name: body.name ?? null,
      };
      coupons.set(c.id, c);
      return [200, c];
    }
    if (method === "POST" && path === "/v1/refunds") {
      const charge = [...charges.values()].find((c) => c.payment_intent === body.payment_intent && (c.account ?? undefined) === account);
      if (!charge) return [400, missing("payment_intent", String(body.payment_intent), "payment_intent")];
      const left = (charge.amount as number) - (charge.amount_refunded as number);
      const amount = body.amount ? Number(body.amount) : left;
      if (amount > left) return [400, invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount")];
      charge.amount_refunded = (charge.amount_refunded as number) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const r = {
        id: rid("re"),
        object: "refund",
        account,
        amount,
        charge: charge.id,
        payment_intent: charge.payment_intent,
        status: "succeeded",
        currency: charge.currency,
      };
      refunds.set(r.id, r);
      return [200, r];
    }
    if ((m = path.match(/^\/v1\/invoices\/([^/]+)$/)) && method === "GET") {
      const inv = onAccount(invoices.get(m[1]!), account);
      return inv ? [200, inv] : [404, missing("invoice", m[1]!)];
    }
    if ((m = path.match(/^\/v1\/subscriptions\/([^/]+)$/)) && method === "DELETE") {
      const sub = onAccount(subscriptions.get(m[1]!), account);
      if (!sub) return [404, missing("subscription", m[1]!)];
      sub.status = "canceled";
      sub.canceled_at = now();
      sub.ended_at = now();
      return [200, sub];
    }
    if (method === "GET" && path === "/v1/customers/search") return [200, { object: "search_result", url: path, has_more: false, data: [] }];
    if (method === "GET" && path === "/v1/customers")
      return [
        200,
        list(
          path,
          limited(
            query,
            [...customers.values()].filter((c) => !query.get("email") || c.email === query.get("email")),
          ),
        ),
      ];
    if (method === "POST" && path === "/v1/customers") {
      const c = {
        id: rid("cus"),
        object: "customer",
        created: now(),
        email: body.email ?? null,
        name: body.name ?? null,
        description: body.description ?? null,
        metadata: body.metadata ?? {},
      };
      customers.set(c.id, c);
      return [200, c];
    }
    if ((m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const c = customers.get(m[1]!);
      if (!c) return [404, missing("customer", m[1]!)];
      if (method === "POST") Object.assign(c, body);
      return [200, c];
    }
    if ((m = path.match(/^\/v1\/prices\/([^/]+)$/)) && method === "GET") return [200, price(m[1]!)];
    if (method === "GET" && path === "/v1/subscriptions") {
      // Stripe lists the subscriptions that are not canceled unless asked for a status (or "all").
      const customer = query.get("customer");
      const status = query.get("status");
      const match = (s: Json) => (status === "all" ? true : status ? s.status === status : s.status !== "canceled");
      return [
        200,
        list(
          path,
          limited(
            query,
            [...subscriptions.values()].filter((s) => (!customer || s.customer === customer) && match(s)),
          ),
        ),
      ];
    }
    if ((m = path.match(/^\/v1\/subscriptions\/([^/]+)$/)) && method === "GET") {
      const s = onAccount(subscriptions.get(m[1]!), account);
      return s ? [200, s] : [404, missing("subscription", m[1]!)];
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      if (body.customer && body.customer_email)
        return [400, invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email")];
      if (body.customer && !customers.has(body.customer as string)) return [400, missing("customer", body.customer as string, "customer")];
      const id = rid("cs_test");
      const items = (body.line_items as { price?: string; quantity?: string; price_data?: { unit_amount?: string; currency?: string } }[] | undefined) ?? [];
      const subtotal = items.reduce((a, i) => a + Number(i.price_data?.unit_amount ?? 2900) * Number(i.quantity ?? 1), 0);
      const discount = (body.discounts as { coupon?: string }[] | undefined)?.map((d) => onAccount(coupons.get(d.coupon ?? ""), account))[0];
      const off = discount ? (discount.percent_off ? Math.round((subtotal * (discount.percent_off as number)) / 100) : (discount.amount_off as number)) : 0;
      const s = {
        id,
        object: "checkout.session",
        created: now(),
        // Embedded Checkout answers a client secret for Stripe.js instead of a page to go to.
        url: body.ui_mode === "embedded_page" ? null : `https://checkout.stripe.test/c/pay/${id}`,
        ui_mode: body.ui_mode ?? "hosted_page",
        client_secret: body.ui_mode === "embedded_page" ? `${id}_secret_${rid("cs")}` : null,
        return_url: body.return_url ?? null,
        mode: body.mode,
        status: "open",
        payment_status: "unpaid",
        amount_total: Math.max(0, subtotal - off),
        currency: items[0]?.price_data?.currency ?? "usd",
        account,
        payment_intent_data: body.payment_intent_data,
        discounts: body.discounts,
        automatic_tax: body.automatic_tax,
        customer: body.customer ?? null,
        customer_email: body.customer_email ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        payment_intent: null,
        subscription: null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        line_items: body.line_items,
        subscription_data: body.subscription_data,
      };
      sessions.set(id, s);
      return [200, s];
    }
    if (method === "GET" && path === "/v1/checkout/sessions") {
      // Filters Stripe documents for listing Checkout Sessions.
      const filters = ["payment_intent", "subscription", "customer"].filter((f) => query.get(f));
      const found = [...sessions.values()].filter((s) => filters.every((f) => s[f] === query.get(f))).reverse();
      return [200, list(path, limited(query, found))];
    }
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/)) && method === "GET") {
      const s = onAccount(sessions.get(m[1]!), account);
      return s ? [200, s] : [404, missing("checkout.session", m[1]!)];
    }
    if ((m = path.match(/^\/v1\/charges\/([^/]+)$/)) && method === "GET") {
      const c = onAccount(charges.get(m[1]!), account);
      return c ? [200, c] : [404, missing("charge", m[1]!)];
    }
    if ((m = path.match(/^\/v1\/disputes\/([^/]+)$/)) && method === "GET") {
      const d = disputes.get(m[1]!);
      return d ? [200, d] : [404, missing("dispute", m[1]!)];
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const customer = body.customer as string | undefined;
      if (!customer || !customers.has(customer)) return [400, missing("customer", String(customer), "customer")];
      const flow = body.flow_data as Json | undefined;
      const flowSub =
        flow &&
        ((flow.subscription_cancel as Json | undefined)?.subscription ??
          (flow.subscription_update_confirm as Json | undefined)?.subscription ??
          (flow.subscription_update as Json | undefined)?.subscription);
      if (flowSub !== undefined) {
        const s = subscriptions.get(flowSub as string);
        if (!s) return [400, missing("subscription", String(flowSub), "flow_data")];
        if (s.customer !== customer) return [400, invalid(`The subscription ${flowSub} does not belong to the customer ${customer}.`, "flow_data")];
      }
      const id = rid("bps");
      return [
        200,
        {
          id,
          object: "billing_portal.session",
          created: now(),
          customer,
          return_url: body.return_url,
          flow: flow ?? null,
          url: `https://billing.stripe.test/p/session/${id}`,
        },
      ];
    }
    return [404, invalid(`Unrecognized request URL (${method}: ${path}).`)];
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stripe.test");
      const body = req.method === "GET" ? {} : parseStripeForm(raw);
      const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        body,
        authorization: req.headers.authorization,
        idempotencyKey,
        stripeAccount: req.headers["stripe-account"] as string | undefined,
      });
      // Stripe replays the first response for a repeated idempotency key on a POST, and refuses the
      // key with other parameters.
      const idemKey = req.method === "POST" && idempotencyKey ? `${url.pathname}:${idempotencyKey}` : null;
      const seen = idemKey ? idempotent.get(idemKey) : undefined;
      if (seen && seen.raw !== raw) {
        return send(res, 400, {
          error: {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        });
      }
      if (seen) return send(res, seen.status, seen.body);
      const [status, out] = route(req.method ?? "GET", url.pathname, url.searchParams, body, req.headers["stripe-account"] as string | undefined);
      // Only a request that ran is saved under its key (Stripe saves no result for a refused one).
      if (idemKey && status === 200) idempotent.set(idemKey, { raw, status, body: out });
      send(res, status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const signer = new Stripe("sk_test_signer");

  const fake = {
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    sessions,
    subscriptions,
    charges,
    accounts,
    invoices,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),

    /** Requests to `path` (optionally one method), oldest first. */
    requestsTo(path: string, method?: string) {
      return requests.filter((r) => r.path === path && (!method || r.method === method));
    },

    /**
     * The customer pays on Checkout: a subscription session gets an active subscription (and a
     * customer if it had none), a payment session a succeeded PaymentIntent and charge.
     */
    completeCheckout(sessionId: string) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = "complete";
      s.payment_status = "paid";
      if (!s.customer) {
        const c = { id: rid("cus"), object: "customer", created: now(), email: s.customer_email ?? null, name: null, description: null, metadata: {} };
        customers.set(c.id, c);
        s.customer = c.id;
      }
      if (s.mode === "subscription") {
        const items = s.line_items as { price?: string; price_data?: Json; quantity?: string }[];
        const sub = fake.putSubscription({
          customer: s.customer as string,
          priceId: items[0]!.price ?? rid("price"),
          metadata: ((s.subscription_data as Json | undefined)?.metadata as Json) ?? {},
          account: s.account as string | undefined,
        });
        s.subscription = sub.id;
        const invoice = s.account ? fake.payInvoice(sub.id, s.amount_total as number) : null;
        return { session: structuredClone(s), subscription: sub, charge: null, invoice };
      }
      const pi = rid("pi");
      const charge = {
        id: rid("ch"),
        object: "charge",
        created: now(),
        amount: s.amount_total,
        amount_captured: s.amount_total,
        amount_refunded: 0,
        currency: "usd",
        customer: s.customer,
        paid: true,
        captured: true,
        status: "succeeded",
        refunded: false,
        disputed: false,
        payment_intent: pi,
        metadata: {},
        account: s.account,
        application_fee_amount: ((s.payment_intent_data as Json | undefined)?.application_fee_amount as string | undefined) ?? null,
      };
      charges.set(charge.id, charge);
      s.payment_intent = pi;
      return { session: structuredClone(s), subscription: null, charge: structuredClone(charge) };
    },

    /** Refund a charge (in full unless `amount`), as the Dashboard or the API would; returns the charge as it is now. */
    refundCharge(chargeId: string, amount?: number) {
      const c = charges.get(chargeId);
      if (!c) throw new Error(`no charge ${chargeId}`);
      c.amount_refunded = Math.min(c.amount as number, (c.amount_refunded as number) + (amount ?? (c.amount as number)));
      c.refunded = c.amount_refunded === c.amount;
      return structuredClone(c);
    },

    /** The cardholder disputes a charge; returns the dispute. */
    disputeCharge(chargeId: string) {
      const c = charges.get(chargeId);
      if (!c) throw new Error(`no charge ${chargeId}`);
      c.disputed = true;
      const d = {
        id: rid("dp"),
        object: "dispute",
        created: now(),
        amount: c.amount,
        currency: "usd",
        charge: c.id,
        payment_intent: c.payment_intent,
        reason: "fraudulent",
        status: "needs_response",
        metadata: {},
      };
      disputes.set(d.id, d);
      return structuredClone(d);
    },

    /** Create or change a subscription as Stripe would hold it now. */
    putSubscription(input: {
      id?: string;
      customer: string;
      priceId: string;
      status?: string;
      metadata?: Json;
      cancelAtPeriodEnd?: boolean;
      account?: string;
    }) {
      const id = input.id ?? rid("sub");
      const prev = subscriptions.get(id);
      const start = now();
      const sub = {
        id,
        object: "subscription",
        account: input.account ?? (prev?.account as string | undefined),
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
          data: [
            {
              id: (prev && idOf(((prev.items as Json).data as Json[])[0])) || rid("si"),
              object: "subscription_item",
              quantity: 1,
              price: price(input.priceId),
              current_period_start: start,
              current_period_end: start + 30 * 86400,
            },
          ],
        },
      };
      subscriptions.set(id, sub);
      return structuredClone(sub);
    },

    /** A connected account finishes onboarding (or changes): its state as Stripe holds it now. */
    setAccount(id: string, patch: Json) {
      const a = accounts.get(id);
      if (!a) throw new Error(`no account ${id}`);
      Object.assign(a, patch);
      return structuredClone(a);
    },

    /** The subscription's next invoice is paid (or fails, with `status: "open"`), on its account. */
    payInvoice(subscriptionId: string, amount: number, status: "paid" | "open" = "paid") {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      const customer = customers.get(sub.customer as string);
      const inv = {
        id: rid("in"),
        object: "invoice",
        account: sub.account,
        status,
        amount_due: amount,
        amount_paid: status === "paid" ? amount : 0,
        currency: "usd",
        customer: sub.customer,
        customer_email: customer?.email ?? null,
        hosted_invoice_url: `https://invoice.stripe.test/i/${rid("inv")}`,
        parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId, metadata: sub.metadata } },
      };
      invoices.set(inv.id, inv);
      return structuredClone(inv);
    },

    /** A webhook event carrying a snapshot of `object` as it is at this moment (on a connected account with `account`). */
    event(type: string, object: unknown, created = now(), account?: string) {
      return {
        ...(account ? { account } : {}),
        id: rid("evt"),
        object: "event",
        api_version: "2025-10-29.clover",
        created,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
    },

    /** The body and `Stripe-Signature` header Stripe would send for an event (signed with `secret`). */
    sign(event: unknown, secret = opts.webhookSecret) {
      const payload = JSON.stringify(event);
      return { payload, signature: signer.webhooks.generateTestHeaderString({ payload, secret }) };
    },
  };
  return fake;
}
