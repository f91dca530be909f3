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

/** "$49.00", "€19.50", "Free". */
export function formatMoney(amount: number, currency: string): string {
  if (amount === 0) return "Free";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}
