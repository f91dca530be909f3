"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";
import { goAfterSignIn } from "@/lib/urls/navigate";

const schema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(8, "Use at least 8 characters").max(128, "Use at most 128 characters"),
});

/** `brand`: on a school's site the main button takes the school's colour. */
export function SignUpForm({ afterSignUp, callbackURL, brand = false }: { afterSignUp: string; callbackURL: string; brand?: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setPending(true);
    const { error } = await authClient.signUp.email({ ...parsed.data, callbackURL });
    if (error) {
      // Stays pending on success until the next page is there: the button cannot be pressed twice.
      setPending(false);
      const exists = error.code === "USER_ALREADY_EXISTS" || error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" || error.status === 422;
      setFormError(
        exists
          ? "An account with this email already exists. Sign in instead — one Courseforge account works everywhere."
          : (error.message ?? "Could not create the account."),
      );
      return;
    }
    goAfterSignIn(router, afterSignUp);
  }

  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="name" label="Name" error={errors.name}>
        <Input id="name" autoComplete="name" value={values.name} onChange={set("name")} aria-invalid={!!errors.name} />
      </Field>
      <Field id="email" label="Email" error={errors.email}>
        <Input id="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} aria-invalid={!!errors.email} />
      </Field>
      <Field id="password" label="Password" error={errors.password} hint="At least 8 characters.">
        <Input id="password" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} aria-invalid={!!errors.password} />
      </Field>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" variant={brand ? "brand" : "default"} disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
