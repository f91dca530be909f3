/**
 * Checkout arithmetic, in integer minor units (cents). Pure: the checkout page shows it, the order stores
 * it, the tests pin it.
 */
export type Discount = { percentOff: number | null; amountOff: number | null; currency: string | null };

export type Quote = { currency: string; subtotal: number; discount: number; total: number; platformFee: number };

/**
 * The price of an offer (and its bump, if ticked) with a coupon applied to the whole. A fixed-amount coupon
 * only applies in its own currency and never takes the total below zero; a percentage rounds the
 * discount half up to the cent. The platform fee is the plan's basis points of what is charged.
 */
export function quote(q: { currency: string; amounts: number[]; discount: Discount | null; feeBps: number }): Quote {
  const subtotal = q.amounts.reduce((a, b) => a + b, 0);
  let discount = 0;
  if (q.discount?.percentOff) discount = Math.round((subtotal * q.discount.percentOff) / 100);
  else if (q.discount?.amountOff && q.discount.currency?.toLowerCase() === q.currency.toLowerCase()) discount = q.discount.amountOff;
  discount = Math.min(discount, subtotal);
  const total = subtotal - discount;
  return { currency: q.currency, subtotal, discount, total, platformFee: Math.round((total * q.feeBps) / 10_000) };
}

/** "$49.00", "€19.50", "Free" (what a buyer reads). */
export function formatMoney(amount: number, currency: string): string {
  return amount === 0 ? "Free" : formatAmount(amount, currency);
}

/** "$49.00", "$0.00" (an amount in a ledger: fees, refunds). */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

/** How a price reads to a buyer: "$49.00", "$9.00 / month", "3 × $30.00 / month", "Free". */
export function describePrice(p: { amount: number; currency: string; interval: "month" | "year" | null; installments: number | null }, type: string): string {
  if (type === "free" || p.amount === 0) return "Free";
  const money = formatMoney(p.amount, p.currency);
  if (type === "payment_plan") return `${p.installments ?? "?"} × ${money} / month`;
  if (type === "subscription") return `${money} / ${p.interval ?? "month"}`;
  return money;
}

export const OFFER_TYPE_LABEL: Record<string, string> = {
  free: "Free",
  one_time: "One-time payment",
  subscription: "Subscription",
  payment_plan: "Payment plan",
};
