"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { signOutEverywhere } from "@/actions/account/sign-out-everywhere";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";

type Props = { name: string; email: string; schoolName: string };

/** What Better Auth says, in words for people. */
function explain(error: { code?: string; message?: string } | null | undefined, fallback: string): string {
  if (!error) return fallback;
  if (error.code === "SESSION_NOT_FRESH") return "For your security, sign out and in again, then change this.";
  if (error.code === "INVALID_PASSWORD") return "Your current password is not right.";
  if (error.code === "CREDENTIAL_ACCOUNT_NOT_FOUND") return "This account has no password yet: use “Forgot password” on the sign-in page to set one.";
  if (error.code === "PASSWORD_TOO_SHORT") return "Use at least 8 characters.";
  return error.message || fallback;
}

/** The student's account at a school: name, email (changed once the new address is confirmed), password, and signing out on every device. */
export function AccountForms({ name, email, schoolName }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [nameValue, setName] = useState(name);
  const [newEmail, setNewEmail] = useState("");
  const [emailSentTo, setEmailSentTo] = useState<string | null>(null);
  const [passwords, setPasswords] = useState({ current: "", next: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const run = async (key: string, body: () => Promise<void>) => {
    setBusy(key);
    setErrors((e) => ({ ...e, [key]: "", ...(key === "password" ? { currentPassword: "" } : {}) }));
    try {
      await body();
    } finally {
      setBusy(null);
    }
  };
  const fail = (key: string, message: string) => setErrors((e) => ({ ...e, [key]: message }));

  return (
    <div className="flex flex-col gap-8">
      <form
        aria-labelledby="name-h"
        className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          void run("name", async () => {
            if (!nameValue.trim()) return fail("name", "Enter your name.");
            const { error } = await authClient.updateUser({ name: nameValue.trim() });
            if (error) return fail("name", explain(error, "Your name could not be saved."));
            toast.success("Name saved");
            router.refresh();
          });
        }}
      >
        <h2 id="name-h" className="font-semibold">
          Your name
        </h2>
        <Field id="account-name" label="Name" error={errors.name} hint="As it will appear on certificates issued from now on.">
          <Input
            id="account-name"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "account-name-error" : undefined}
            value={nameValue}
            maxLength={100}
            autoComplete="name"
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Button type="submit" className="self-start" disabled={busy === "name" || nameValue.trim() === name}>
          {busy === "name" ? "Saving…" : "Save name"}
        </Button>
      </form>

      <form
        aria-labelledby="email-h"
        className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          void run("email", async () => {
            const to = newEmail.trim().toLowerCase();
            if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) return fail("email", "Enter a valid email address.");
            if (to === email.toLowerCase()) return fail("email", "That is already your email address.");
            const { error } = await authClient.changeEmail({ newEmail: to, callbackURL: "/account?email=changed" });
            if (error) return fail("email", explain(error, "Your email could not be changed."));
            setEmailSentTo(to);
            setNewEmail("");
          });
        }}
      >
        <h2 id="email-h" className="font-semibold">
          Email address
        </h2>
        <p className="text-sm text-zinc-600">
          You sign in with <strong>{email}</strong>. A new address takes effect once you click the link we send to it.
        </p>
        {emailSentTo ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Check {emailSentTo} for a link to confirm it. Until then you keep signing in with {email}.
          </p>
        ) : null}
        <Field id="account-email" label="New email address" error={errors.email}>
          <Input
            id="account-email"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "account-email-error" : undefined}
            type="email"
            value={newEmail}
            maxLength={254}
            autoComplete="email"
            onChange={(e) => setNewEmail(e.target.value)}
          />
        </Field>
        <Button type="submit" className="self-start" disabled={busy === "email" || !newEmail.trim()}>
          {busy === "email" ? "Sending…" : "Change email"}
        </Button>
      </form>

      <form
        aria-labelledby="password-h"
        className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          void run("password", async () => {
            if (passwords.next.length < 8) return fail("password", "Use at least 8 characters for the new password.");
            const { error } = await authClient.changePassword({ currentPassword: passwords.current, newPassword: passwords.next, revokeOtherSessions: true });
            if (error?.code === "INVALID_PASSWORD") return fail("currentPassword", explain(error, ""));
            if (error) return fail("password", explain(error, "Your password could not be changed."));
            setPasswords({ current: "", next: "" });
            toast.success("Password changed. Your other devices are signed out.");
          });
        }}
      >
        <h2 id="password-h" className="font-semibold">
          Password
        </h2>
        <Field id="current-password" label="Current password" error={errors.currentPassword}>
          <Input
            id="current-password"
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.currentPassword ? true : undefined}
            aria-describedby={errors.currentPassword ? "current-password-error" : undefined}
            value={passwords.current}
            onChange={(e) => setPasswords((p) => ({ ...p, current: e.target.value }))}
          />
        </Field>
        <Field id="new-password" label="New password" error={errors.password} hint="At least 8 characters.">
          <Input
            id="new-password"
            type="password"
            autoComplete="new-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? "new-password-error" : undefined}
            minLength={8}
            maxLength={128}
            value={passwords.next}
            onChange={(e) => setPasswords((p) => ({ ...p, next: e.target.value }))}
          />
        </Field>
        <Button type="submit" className="self-start" disabled={busy === "password" || !passwords.current || !passwords.next}>
          {busy === "password" ? "Saving…" : "Change password"}
        </Button>
      </form>

      <section aria-labelledby="devices-h" className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-5">
        <h2 id="devices-h" className="font-semibold">
          Devices
        </h2>
        <p className="text-sm text-zinc-600">
          Signed in on a shared or lost device? Sign out of {schoolName} everywhere, this browser included. Other devices are signed out within a minute.
        </p>
        <Button
          type="button"
          variant="outline"
          className="self-start"
          disabled={busy === "devices"}
          onClick={() =>
            void run("devices", async () => {
              if (!window.confirm(`Sign out of ${schoolName} on every device?`)) return;
              const r = await signOutEverywhere({});
              if (!r.ok) return void toast.error(r.message);
              await authClient.signOut();
              router.push("/sign-in");
              router.refresh();
            })
          }
        >
          Sign out on all devices
        </Button>
      </section>
    </div>
  );
}
