"use client";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createOfferAction } from "@/actions/commerce/create-offer";
import type { OfferFieldsInput } from "@/actions/commerce/offer-schema";
import { updateOfferAction } from "@/actions/commerce/update-offer";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { OFFER_TYPE_LABEL } from "@/lib/commerce/pricing";

type OfferType = OfferFieldsInput["type"];
type PriceRow = { currency: string; amount: string; interval: "month" | "year"; installments: string };

export type OfferFormProps = {
  offerId: string | null;
  initial: { name: string; description: string; type: OfferType; courseIds: string[]; prices: PriceRow[]; bumpOfferId: string; bumpHeadline: string };
  courses: { id: string; title: string; status: string }[];
  bumpChoices: { id: string; name: string }[];
  typeLocked: boolean;
  canEdit: boolean;
};

const TYPES: OfferType[] = ["one_time", "subscription", "payment_plan", "free"];

/** Create or edit an offer: what it is called, the kind of payment, the courses it grants, its prices and its order bump. */
export function OfferForm(p: OfferFormProps) {
  const org = useOrg();
  const router = useRouter();
  const [f, setF] = useState(p.initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const formRef = useFocusFirstError<HTMLFormElement>(Object.keys(errors).length ? errors : null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((prev) => ({ ...prev, [k]: v }));
  const setPrice = (i: number, patch: Partial<PriceRow>) =>
    set(
      "prices",
      f.prices.map((row, j) => (j === i ? { ...row, ...patch } : row)),
    );

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    const fields: OfferFieldsInput = {
      name: f.name,
      description: f.description,
      type: f.type,
      courseIds: f.courseIds,
      prices:
        f.type === "free"
          ? []
          : f.prices.map((r) => ({
              currency: r.currency,
              amount: Math.round(Number(r.amount.replace(",", ".")) * 100),
              interval: f.type === "subscription" ? r.interval : f.type === "payment_plan" ? "month" : null,
              installments: f.type === "payment_plan" ? Number(r.installments) || null : null,
            })),
      bumpOfferId: f.bumpOfferId || null,
      bumpHeadline: f.bumpHeadline,
    };
    const r = p.offerId ? await updateOfferAction({ org, offerId: p.offerId, ...fields }) : await createOfferAction({ org, ...fields });
    setBusy(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      setFormError(r.message);
      return;
    }
    setErrors({});
    toast.success(p.offerId ? "Offer saved" : "Offer created — put it on sale when you are ready");
    router.push(`/${org}/offers`);
    router.refresh();
  }

  const priceErrors = Object.entries(errors).filter(([k]) => k.startsWith("prices"));
  return (
    <form ref={formRef} onSubmit={submit} className="flex max-w-2xl flex-col gap-5 rounded-lg border border-zinc-200 bg-white p-5" noValidate>
      <fieldset disabled={!p.canEdit || busy} className="flex flex-col gap-5">
        <Field id="offer-name" label="Name" error={errors.name?.[0]}>
          <Input
            id="offer-name"
            value={f.name}
            onChange={(e) => set("name", e.target.value)}
            maxLength={200}
            placeholder="Watercolor Foundations — lifetime access"
          />
        </Field>
        <Field id="offer-description" label="Description (shown at checkout)" error={errors.description?.[0]}>
          <textarea
            id="offer-description"
            value={f.description}
            onChange={(e) => set("description", e.target.value)}
            maxLength={2000}
            rows={3}
            className="rounded-md border border-zinc-300 px-3 py-2 text-sm"
          />
        </Field>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Payment</legend>
          <div className="flex flex-wrap gap-2">
            {TYPES.map((t) => (
              <label
                key={t}
                className="flex items-center gap-2 rounded-md border border-zinc-300 px-3 py-2 text-sm has-[:checked]:border-zinc-900 has-[:checked]:bg-zinc-50"
              >
                <input type="radio" name="type" value={t} checked={f.type === t} disabled={p.typeLocked && f.type !== t} onChange={() => set("type", t)} />
                {OFFER_TYPE_LABEL[t]}
              </label>
            ))}
          </div>
          {p.typeLocked ? <p className="text-xs text-zinc-500">The kind of payment is fixed once the offer has been on sale.</p> : null}
          {errors.type ? <p className="text-xs text-red-600">{errors.type[0]}</p> : null}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Courses included</legend>
          {p.courses.length === 0 ? <p className="text-sm text-zinc-500">Create a course first.</p> : null}
          {p.courses.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={f.courseIds.includes(c.id)}
                onChange={(e) => set("courseIds", e.target.checked ? [...f.courseIds, c.id] : f.courseIds.filter((x) => x !== c.id))}
              />
              {c.title}
              {c.status !== "published" ? <span className="text-xs text-zinc-500">({c.status})</span> : null}
            </label>
          ))}
          {errors.courseIds ? <p className="text-xs text-red-600">{errors.courseIds[0]}</p> : null}
        </fieldset>
        {f.type !== "free" ? (
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Prices</legend>
            {f.prices.map((row, i) => (
              <div key={i} className="flex flex-wrap items-end gap-2">
                <label className="flex flex-col gap-1 text-xs">
                  Currency
                  <select
                    value={row.currency}
                    onChange={(e) => setPrice(i, { currency: e.target.value })}
                    className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm"
                  >
                    {["usd", "eur", "gbp", "cad", "aud", "brl", "inr"].map((c) => (
                      <option key={c} value={c}>
                        {c.toUpperCase()}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1 text-xs">
                  {f.type === "payment_plan" ? "Each instalment" : "Amount"}
                  <input
                    inputMode="decimal"
                    value={row.amount}
                    onChange={(e) => setPrice(i, { amount: e.target.value })}
                    placeholder="49.00"
                    aria-label={`Amount in ${row.currency.toUpperCase()}`}
                    aria-invalid={priceErrors.length > 0}
                    className="h-9 w-28 rounded-md border border-zinc-300 px-2 text-sm"
                  />
                </label>
                {f.type === "subscription" ? (
                  <label className="flex flex-col gap-1 text-xs">
                    Every
                    <select
                      value={row.interval}
                      onChange={(e) => setPrice(i, { interval: e.target.value as "month" | "year" })}
                      className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm"
                    >
                      <option value="month">month</option>
                      <option value="year">year</option>
                    </select>
                  </label>
                ) : null}
                {f.type === "payment_plan" ? (
                  <label className="flex flex-col gap-1 text-xs">
                    Instalments (monthly)
                    <input
                      inputMode="numeric"
                      value={row.installments}
                      onChange={(e) => setPrice(i, { installments: e.target.value })}
                      className="h-9 w-20 rounded-md border border-zinc-300 px-2 text-sm"
                    />
                  </label>
                ) : null}
                {f.prices.length > 1 ? (
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove the ${row.currency.toUpperCase()} price`}
                    onClick={() =>
                      set(
                        "prices",
                        f.prices.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <Trash2 className="h-4 w-4" aria-hidden />
                  </Button>
                ) : null}
              </div>
            ))}
            <Button
              type="button"
              variant="outline"
              size="sm"
              className="self-start"
              onClick={() =>
                set("prices", [
                  ...f.prices,
                  {
                    currency: ["eur", "gbp", "usd"].find((c) => !f.prices.some((r) => r.currency === c)) ?? "cad",
                    amount: "",
                    interval: "month",
                    installments: "3",
                  },
                ])
              }
            >
              <Plus className="h-4 w-4" aria-hidden /> Add a currency
            </Button>
            {priceErrors.length ? (
              <ul className="text-xs text-red-600">{priceErrors.flatMap(([k, msgs]) => msgs.map((m) => <li key={k + m}>{m}</li>))}</ul>
            ) : null}
          </fieldset>
        ) : null}
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Order bump (optional)</legend>
          <p className="text-xs text-zinc-500">A second one-time offer buyers can add with one tick on the checkout page.</p>
          <select
            aria-label="Order bump offer"
            value={f.bumpOfferId}
            onChange={(e) => set("bumpOfferId", e.target.value)}
            className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm sm:max-w-sm"
          >
            <option value="">No order bump</option>
            {p.bumpChoices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {f.bumpOfferId ? (
            <Input
              aria-label="Bump headline"
              value={f.bumpHeadline}
              onChange={(e) => set("bumpHeadline", e.target.value)}
              maxLength={200}
              placeholder="Yes! Add the workbook"
            />
          ) : null}
          {errors.bumpOfferId ? <p className="text-xs text-red-600">{errors.bumpOfferId[0]}</p> : null}
        </fieldset>
      </fieldset>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      {p.canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : p.offerId ? "Save offer" : "Create offer"}
          </Button>
          <Button type="button" variant="outline" onClick={() => router.push(`/${org}/offers`)}>
            Cancel
          </Button>
        </div>
      ) : (
        <p className="text-sm text-zinc-500">Only owners and admins can change offers.</p>
      )}
    </form>
  );
}
