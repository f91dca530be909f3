"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { archiveCouponAction } from "@/actions/commerce/archive-coupon";
import { createCouponAction } from "@/actions/commerce/create-coupon";
import { useOrg } from "@/components/dashboard/org-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";

/** A new discount code: percent or amount, which offers, how many uses, until when. */
export function CouponForm({ offers }: { offers: { id: string; name: string }[] }) {
  const org = useOrg();
  const router = useRouter();
  const [kind, setKind] = useState<"percent" | "amount">("percent");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const formRef = useFocusFirstError<HTMLFormElement>(Object.keys(errors).length ? errors : null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      ref={formRef}
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-5"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const num = (k: string) => (String(fd.get(k) ?? "").trim() === "" ? null : Number(String(fd.get(k)).replace(",", ".")));
        setBusy(true);
        const r = await createCouponAction({
          org,
          code: String(fd.get("code") ?? ""),
          kind,
          percentOff: kind === "percent" ? num("percentOff") : null,
          amountOff: kind === "amount" && num("amountOff") !== null ? Math.round(num("amountOff")! * 100) : null,
          currency: kind === "amount" ? String(fd.get("currency") ?? "usd") : null,
          offerIds: fd.getAll("offerIds").map(String),
          maxRedemptions: num("maxRedemptions"),
          // A date means "until the end of that day" (where the creator is).
          expiresAt: fd.get("expiresAt") ? new Date(`${String(fd.get("expiresAt"))}T23:59:59`).toISOString() : null,
        });
        setBusy(false);
        if (!r.ok) {
          setErrors(r.fieldErrors ?? {});
          setFormError(r.fieldErrors ? null : r.message);
          return;
        }
        setErrors({});
        setFormError(null);
        (e.target as HTMLFormElement).reset();
        toast.success(`Coupon ${r.data.code.toUpperCase()} created`);
        router.refresh();
      }}
    >
      <h2 className="font-semibold">New coupon</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="code" label="Code" error={errors.code?.[0]} hint="Buyers type it in any case.">
          <Input id="code" name="code" aria-invalid={!!errors.code} maxLength={32} placeholder="SPRING15" className="uppercase" />
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium">Discount</legend>
          <div className="flex items-center gap-2">
            <select
              aria-label="Kind of discount"
              value={kind}
              onChange={(e) => setKind(e.target.value as "percent" | "amount")}
              className="h-10 rounded-md border border-zinc-300 bg-white px-2 text-sm"
            >
              <option value="percent">Percent off</option>
              <option value="amount">Amount off</option>
            </select>
            {kind === "percent" ? (
              <Input name="percentOff" aria-label="Percent off" inputMode="numeric" placeholder="15" className="w-24" />
            ) : (
              <>
                <Input name="amountOff" aria-label="Amount off" inputMode="decimal" placeholder="10.00" className="w-24" />
                <select name="currency" aria-label="Currency" className="h-10 rounded-md border border-zinc-300 bg-white px-2 text-sm">
                  {["usd", "eur", "gbp", "cad", "aud", "brl", "inr"].map((c) => (
                    <option key={c} value={c}>
                      {c.toUpperCase()}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
          {(errors.percentOff ?? errors.amountOff ?? errors.currency)?.[0] ? (
            <p className="text-xs text-red-600">{(errors.percentOff ?? errors.amountOff ?? errors.currency)![0]}</p>
          ) : null}
        </fieldset>
        <Field id="maxRedemptions" label="Uses (optional)" error={errors.maxRedemptions?.[0]} hint="Empty: unlimited.">
          <Input id="maxRedemptions" name="maxRedemptions" inputMode="numeric" placeholder="100" />
        </Field>
        <Field id="expiresAt" label="Expires (optional)" error={errors.expiresAt?.[0]}>
          <Input id="expiresAt" name="expiresAt" type="date" />
        </Field>
      </div>
      {offers.length ? (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium">Applies to</legend>
          <p className="text-xs text-zinc-500">Tick none for every offer.</p>
          {offers.map((o) => (
            <label key={o.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="offerIds" value={o.id} /> {o.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={busy} className="self-start">
        {busy ? "Creating…" : "Create coupon"}
      </Button>
    </form>
  );
}

export function ArchiveCouponButton({ couponId, code }: { couponId: string; code: string }) {
  const org = useOrg();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={busy}
      onClick={async () => {
        if (!window.confirm(`Archive ${code.toUpperCase()}? It stops working at once; orders that used it keep their discount.`)) return;
        setBusy(true);
        const r = await archiveCouponAction({ org, couponId });
        setBusy(false);
        if (!r.ok) toast.error(r.message);
        else {
          toast.success(`${code.toUpperCase()} no longer works`);
          router.refresh();
        }
      }}
    >
      Archive
    </Button>
  );
}

export function CopyLinkButton({ url }: { url: string }) {
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={async () => {
        await navigator.clipboard.writeText(url).catch(() => {});
        toast.success("Link copied");
      }}
    >
      Copy link
    </Button>
  );
}
