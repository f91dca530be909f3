"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { useRouter } from "next/navigation";
import { ImageUp, X } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { updateBrandingAction, type UpdateBrandingInput } from "@/actions/branding/update-branding";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { UploadProgress, useUpload } from "@/components/builder/upload-progress";

const FONTS = [
  { value: "system", label: "System sans" },
  { value: "serif", label: "Serif" },
  { value: "rounded", label: "Rounded" },
  { value: "mono", label: "Monospace" },
] as const;

export function BrandingForm({ initial, canEdit }: { initial: UpdateBrandingInput; canEdit: boolean }) {
  const org = useOrg();
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const set = <K extends keyof UpdateBrandingInput>(k: K, value: UpdateBrandingInput[K]) => setV((s) => ({ ...s, [k]: value }));

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    const res = await updateBrandingAction({ org, ...v });
    setPending(false);
    if (!res.ok) {
      setErrors(res.fieldErrors ?? {});
      toast.error(res.message);
      return;
    }
    setErrors({});
    toast.success("Branding saved", { description: "Your site shows the new look now." });
    router.refresh();
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_320px]">
      <form onSubmit={onSubmit} className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-5" noValidate>
        <fieldset disabled={!canEdit || pending} className="flex flex-col gap-4">
          <Field id="name" label="School name" error={errors.name?.[0]}>
            <Input id="name" value={v.name} onChange={(e) => set("name", e.target.value)} />
          </Field>
          <Field id="tagline" label="Tagline" error={errors.tagline?.[0]}>
            <Input id="tagline" value={v.tagline ?? ""} onChange={(e) => set("tagline", e.target.value)} placeholder="What students get from your school" />
          </Field>
          <Field
            id="about"
            label="About your school"
            error={errors.about?.[0]}
            hint="Shown on your home page under the courses. Leave a blank line between paragraphs."
          >
            <textarea
              id="about"
              value={v.about ?? ""}
              onChange={(e) => set("about", e.target.value)}
              rows={5}
              maxLength={3000}
              className="w-full rounded-md border border-zinc-300 bg-white p-2 text-sm"
              placeholder="Who you are, who the courses are for, and how you teach."
            />
          </Field>
          <div className="grid grid-cols-2 gap-4">
            <Field id="primaryColor" label="Brand colour" error={errors.primaryColor?.[0]}>
              <div className="flex gap-2">
                <input
                  type="color"
                  aria-label="Pick brand colour"
                  value={v.primaryColor}
                  onChange={(e) => set("primaryColor", e.target.value)}
                  className="h-10 w-12 rounded border border-zinc-300"
                />
                <Input id="primaryColor" value={v.primaryColor} onChange={(e) => set("primaryColor", e.target.value)} />
              </div>
            </Field>
            <Field id="accentColor" label="Accent colour" error={errors.accentColor?.[0]}>
              <div className="flex gap-2">
                <input
                  type="color"
                  aria-label="Pick accent colour"
                  value={v.accentColor}
                  onChange={(e) => set("accentColor", e.target.value)}
                  className="h-10 w-12 rounded border border-zinc-300"
                />
                <Input id="accentColor" value={v.accentColor} onChange={(e) => set("accentColor", e.target.value)} />
              </div>
            </Field>
          </div>
          <Field id="font" label="Font">
            <select
              id="font"
              value={v.font}
              onChange={(e) => set("font", e.target.value as UpdateBrandingInput["font"])}
              className="h-10 rounded-md border border-zinc-300 bg-white px-3 text-sm"
            >
              {FONTS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </Field>
          <ImageField
            id="logoUrl"
            label="Logo"
            hint="Shown in your site's header and on certificates. A wide PNG about 32 px high looks best."
            value={v.logoUrl ?? ""}
            error={errors.logoUrl?.[0]}
            onChange={(url) => set("logoUrl", url)}
            disabled={!canEdit}
          />
          <ImageField
            id="faviconUrl"
            label="Favicon"
            hint="The small icon in browser tabs; a square PNG. Without one, your initial in your colour is used."
            value={v.faviconUrl ?? ""}
            error={errors.faviconUrl?.[0]}
            onChange={(url) => set("faviconUrl", url)}
            disabled={!canEdit}
          />
        </fieldset>
        {canEdit ? (
          <Button type="submit" disabled={pending} className="self-start">
            {pending ? "Saving…" : "Save branding"}
          </Button>
        ) : (
          <p className="text-sm text-zinc-500">Only owners and admins can change branding.</p>
        )}
      </form>
      <aside aria-label="Preview" className={`font-brand-${v.font} overflow-hidden rounded-lg border border-zinc-200 bg-white`}>
        <div className="px-4 py-3 text-white" style={{ backgroundColor: v.primaryColor }}>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          {v.logoUrl ? <img src={v.logoUrl} alt="" className="h-8" /> : <span className="font-semibold">{v.name || "Your school"}</span>}
        </div>
        <div className="flex flex-col gap-3 p-4">
          <p className="text-lg font-semibold">{v.tagline || "Your tagline"}</p>
          <span className="self-start rounded-md px-3 py-1.5 text-sm font-medium text-white" style={{ backgroundColor: v.accentColor }}>
            Enroll now
          </span>
        </div>
      </aside>
    </div>
  );
}

/** An image for the site: upload one (with progress), or paste an https:// address; a preview, and remove. Saved with the form. */
function ImageField(props: { id: string; label: string; hint: string; value: string; error?: string; onChange: (url: string) => void; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const { progress, upload } = useUpload("image");
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      <div className="flex flex-col gap-2">
        <div className="flex items-center gap-3">
          {props.value ? (
            // eslint-disable-next-line @next/next/no-img-element -- the school's own upload or https address
            <img src={props.value} alt="" className="h-10 max-w-40 rounded border border-zinc-200 object-contain p-1" data-testid={`${props.id}-preview`} />
          ) : (
            <span className="flex h-10 w-16 items-center justify-center rounded border border-dashed border-zinc-300 text-xs text-zinc-400">None</span>
          )}
          <Button type="button" size="sm" variant="outline" disabled={props.disabled || progress !== null} onClick={() => input.current?.click()}>
            <ImageUp className="h-4 w-4" aria-hidden /> {progress !== null ? "Uploading…" : props.value ? "Replace" : "Upload"}
          </Button>
          {props.value ? (
            <Button type="button" size="sm" variant="outline" disabled={props.disabled} onClick={() => props.onChange("")}>
              <X className="h-4 w-4" aria-hidden /> Remove
            </Button>
          ) : null}
        </div>
        <Input
          id={props.id}
          value={props.value}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value)}
          placeholder="or paste an https:// image address"
          aria-invalid={props.error ? true : undefined}
        />
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
          className="hidden"
          aria-label={`${props.label} file`}
          onChange={async (e) => {
            const up = await upload(e.currentTarget);
            if (!up) return;
            props.onChange(up.url);
            toast.success(`${props.label} uploaded: save the branding to use it`);
          }}
        />
        <UploadProgress progress={progress} label={`Uploading ${props.label.toLowerCase()}`} />
      </div>
    </Field>
  );
}
