"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { toast } from "sonner";
import { createSchoolAction } from "@/actions/tenants/create-school";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { suggestSlug } from "@/lib/tenant/slug";

/**
 * A plain <form> posting to the action (it works before the page's JavaScript has loaded); with
 * JavaScript the subdomain follows the name as you type and success opens the new dashboard.
 */
export function OnboardingForm({ rootDomain }: { rootDomain: string }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(createSchoolAction, null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formError = state && !state.ok && !state.fieldErrors ? state.message : null;

  useEffect(() => {
    if (!state?.ok) return;
    toast.success("Your school is ready");
    router.push(`/${state.data.slug}`);
    router.refresh();
  }, [state, router]);

  if (state?.ok) {
    return (
      <p role="status" className="text-sm">
        Your school is ready.{" "}
        <Link href={`/${state.data.slug}`} className="font-medium underline">
          Open its dashboard
        </Link>
      </p>
    );
  }

  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <Field id="name" label="School name" error={errors.name?.[0]}>
        <Input
          id="name"
          name="name"
          value={name}
          placeholder="Acme Academy"
          aria-invalid={!!errors.name}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(suggestSlug(e.target.value));
          }}
        />
      </Field>
      <Field id="slug" label="Subdomain" error={errors.slug?.[0]} hint={`Your school will live at ${slug || "your-school"}.${rootDomain}`}>
        <div className="flex items-center gap-2">
          <Input
            id="slug"
            name="slug"
            value={slug}
            aria-invalid={!!errors.slug}
            aria-describedby={errors.slug ? "slug-error" : undefined}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value.toLowerCase());
            }}
          />
          <span className="shrink-0 text-sm text-zinc-500">.{rootDomain}</span>
        </div>
      </Field>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create school"}
      </Button>
    </form>
  );
}
