"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { acceptInvitationAction } from "@/actions/team/accept-invitation";
import { Button } from "@/components/ui/button";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <Button
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const res = await acceptInvitationAction({ token });
          setPending(false);
          if (!res.ok) {
            setError(res.message);
            return;
          }
          toast.success("Welcome to the team");
          router.push(`/${res.data.creatorSlug}`);
          router.refresh();
        }}
      >
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
