import { describe, expect, it } from "vitest";
import { formatMoney, quote } from "./pricing";
import { chargeTestCard } from "./test-cards";

describe("quote", () => {
  it("adds the bump, applies a percentage (rounded to the cent) and the plan's fee on what is charged", () => {
    expect(quote({ currency: "usd", amounts: [4900, 1900], discount: { percentOff: 15, amountOff: null, currency: null }, feeBps: 500 })).toEqual({
      currency: "usd",
      subtotal: 6800,
      discount: 1020,
      total: 5780,
      platformFee: 289,
    });
    expect(quote({ currency: "usd", amounts: [999], discount: { percentOff: 33, amountOff: null, currency: null }, feeBps: 0 }).discount).toBe(330);
  });
  it("a fixed amount applies in its own currency only and never below zero", () => {
    expect(quote({ currency: "usd", amounts: [4900], discount: { percentOff: null, amountOff: 1000, currency: "usd" }, feeBps: 200 }).total).toBe(3900);
    expect(quote({ currency: "eur", amounts: [4900], discount: { percentOff: null, amountOff: 1000, currency: "usd" }, feeBps: 200 }).total).toBe(4900);
    expect(quote({ currency: "usd", amounts: [500], discount: { percentOff: null, amountOff: 1000, currency: "USD" }, feeBps: 200 })).toMatchObject({
      discount: 500,
      total: 0,
      platformFee: 0,
    });
  });
  it("formats money", () => {
    expect(formatMoney(4900, "usd")).toBe("$49.00");
    expect(formatMoney(0, "usd")).toBe("Free");
  });
});

describe("test cards", () => {
  const now = new Date("2026-11-29T00:00:00Z");
  const ok = { expiry: "12 / 30", cvc: "123" };
  it("approves Stripe's success numbers and declines with Stripe's reasons", () => {
    expect(chargeTestCard({ number: "4242 4242 4242 4242", ...ok }, now)).toEqual({ ok: true, last4: "4242", brand: "Visa" });
    expect(chargeTestCard({ number: "4000 0000 0000 0002", ...ok }, now)).toMatchObject({ ok: false, message: "Your card was declined." });
    expect(chargeTestCard({ number: "4000000000009995", ...ok }, now)).toMatchObject({ ok: false, message: /insufficient funds/ });
  });
  it("refuses a real-looking card, a bad number, a past expiry and a short CVC", () => {
    expect(chargeTestCard({ number: "4111 1111 1111 1111", ...ok }, now)).toMatchObject({ ok: false, message: /test payments only/ });
    expect(chargeTestCard({ number: "4242 4242 4242 4241", ...ok }, now)).toMatchObject({ ok: false, field: "cardNumber" });
    expect(chargeTestCard({ number: "4242424242424242", expiry: "10/26", cvc: "123" }, now)).toMatchObject({ ok: false, field: "expiry" });
    expect(chargeTestCard({ number: "4242424242424242", expiry: "11/26", cvc: "123" }, now)).toMatchObject({ ok: true });
    expect(chargeTestCard({ number: "4242424242424242", expiry: "13/30", cvc: "123" }, now)).toMatchObject({ ok: false, field: "expiry" });
    expect(chargeTestCard({ number: "4242424242424242", ...ok, cvc: "1" }, now)).toMatchObject({ ok: false, field: "cvc" });
  });
});
