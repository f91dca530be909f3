"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";
import { goAfterSignIn } from "@/lib/urls/navigate";

/** `destination` must already be checked by the page (`nextOnThisOrigin`): a path on this origin. */
/** `brand`: on a school's site the main button takes the school's colour. */
export function SignInForm({ destination, signUpHref, brand = false }: { destination: string; signUpHref: string; brand?: boolean }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<"password" | "link" | null>(null);

  async function onPassword(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setPending("password");
    const { error } = await authClient.signIn.email({ email, password });
    if (error) {
      // Stays pending on success until the next page is there: the button cannot be pressed twice.
      setPending(null);
      setError(
        error.status === 429
          ? (error.message ?? "Too many attempts. Try again later.")
          : error.code === "PASSWORD_NOT_SET"
            ? (error.message ?? "This account has no password yet.")
            : error.status === 401
              ? "Wrong email or password."
              : (error.message ?? "Could not sign in."),
      );
      return;
    }
    goAfterSignIn(router, destination);
  }

  async function onMagicLink() {
    setError(null);
    if (!email) {
      setError("Enter your email first, then ask for a link.");
      return;
    }
    setPending("link");
    const { error } = await authClient.signIn.magicLink({ email, callbackURL: destination });
    setPending(null);
    if (error) {
      setError(error.message ?? "Could not send the link.");
      return;
    }
    toast.success("Check your inbox", { description: `We sent a sign-in link to ${email}.` });
  }

  return (
    <form onSubmit={onPassword} className="flex flex-col gap-4" noValidate>
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="password" label="Password">
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant={brand ? "brand" : "default"} disabled={pending !== null}>
        {pending === "password" ? "Signing in…" : "Sign in"}
      </Button>
      <Button type="button" variant="outline" onClick={onMagicLink} disabled={pending !== null}>
        {pending === "link" ? "Sending…" : "Email me a sign-in link"}
      </Button>
      <div className="flex justify-between text-sm">
        <Link href="/forgot-password" className="text-zinc-600 hover:underline">
          Forgot password?
        </Link>
        <Link href={signUpHref} className="font-medium hover:underline">
          Create an account
        </Link>
      </div>
    </form>
  );
}
