"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";

/** `callbackURL`: where the link in the email lands once confirmed (a path on this host). */
export function ResendVerification({ email, callbackURL = "/onboarding" }: { email: string; callbackURL?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="outline"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        const { error } = await authClient.sendVerificationEmail({ email, callbackURL });
        setPending(false);
        if (error) toast.error(error.message ?? "Could not send the email.");
        else toast.success("Sent. Check your inbox.");
      }}
    >
      {pending ? "Sending…" : "Send the link again"}
    </Button>
  );
}
