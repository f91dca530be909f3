/**
 * The labelled test-payment mode (no Stripe configured): a card form that behaves like Stripe's test
 * cards, so a school can be tried end to end. Approved: Stripe's success numbers. Declined with Stripe's
 * reasons: its decline numbers. Anything else is refused as not a test card — a real card number never
 * "pays" here.
 */
const APPROVED = new Set([
  "4242424242424242",
  "4000056655665556",
  "5555555555554444",
  "2223003122003222",
  "5200828282828210",
  "378282246310005",
  "6011111111111117",
]);

const DECLINED: Record<string, string> = {
  "4000000000000002": "Your card was declined.",
  "4000000000009995": "Your card has insufficient funds.",
  "4000000000009987": "Your card was declined (lost card).",
  "4000000000009979": "Your card was declined (stolen card).",
  "4000000000000069": "Your card has expired.",
  "4000000000000127": "Your card's security code is incorrect.",
  "4000000000000119": "An error occurred while processing your card. Try again in a little bit.",
};

export type TestCardResult = { ok: true; last4: string; brand: string } | { ok: false; field: "cardNumber" | "expiry" | "cvc"; message: string };

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(n: string): string {
  if (n.startsWith("4")) return "Visa";
  if (/^(5[1-5]|2[2-7])/.test(n)) return "Mastercard";
  if (/^3[47]/.test(n)) return "American Express";
  if (n.startsWith("6")) return "Discover";
  return "Card";
}

/** Judge a test card as Stripe's test mode would. `now` is injectable for the expiry check. */
export function chargeTestCard(card: { number: string; expiry: string; cvc: string }, now = new Date()): TestCardResult {
  const number = card.number.replace(/[\s-]/g, "");
  if (!/^\d{13,19}$/.test(number) || !luhn(number)) return { ok: false, field: "cardNumber", message: "Your card number is incomplete or invalid." };
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(card.expiry) ?? /^\s*(\d{2})(\d{2})\s*$/.exec(card.expiry);
  if (!m) return { ok: false, field: "expiry", message: "Enter the expiry date as MM / YY." };
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return { ok: false, field: "expiry", message: "Your card's expiration month is invalid." };
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1)
    return { ok: false, field: "expiry", message: "Your card's expiration date is in the past." };
  if (!/^\d{3,4}$/.test(card.cvc.trim())) return { ok: false, field: "cvc", message: "Your card's security code is incomplete." };
  const declined = DECLINED[number];
  if (declined) return { ok: false, field: "cardNumber", message: declined };
  if (!APPROVED.has(number))
    return { ok: false, field: "cardNumber", message: "This school takes test payments only: use a test card such as 4242 4242 4242 4242." };
  return { ok: true, last4: number.slice(-4), brand: brandOf(number) };
}
