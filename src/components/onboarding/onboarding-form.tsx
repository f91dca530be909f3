"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createSchoolAction } from "@/actions/tenants/create-school";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { suggestSlug } from "@/lib/tenant/slug";

export function OnboardingForm({ rootDomain }: { rootDomain: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setFormError(null);
    const res = await createSchoolAction({ name, slug });
    setPending(false);
    if (!res.ok) {
      setErrors(res.fieldErrors ?? {});
      if (!res.fieldErrors) setFormError(res.message);
      return;
    }
    toast.success("Your school is ready");
    router.push(`/${res.data.slug}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="name" label="School name" error={errors.name?.[0]}>
        <Input
          id="name"
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
