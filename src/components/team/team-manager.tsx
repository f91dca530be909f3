"use client";
import { useOrg } from "@/components/dashboard/org-context";
import { formatDistanceToNow } from "date-fns";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { changeMemberRoleAction } from "@/actions/team/change-member-role";
import { inviteMemberAction } from "@/actions/team/invite-member";
import { removeMemberAction } from "@/actions/team/remove-member";
import { revokeInvitationAction } from "@/actions/team/revoke-invitation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Role = "owner" | "admin" | "editor";
type Member = { id: string; name: string; email: string; role: Role };
type Invite = { id: string; email: string; role: Role; expiresAt: string };

export function TeamManager({ me, myRole, members, invitations }: { me: string; myRole: Role; members: Member[]; invitations: Invite[] }) {
  const org = useOrg();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const canManage = myRole !== "editor";

  async function run(key: string, fn: () => Promise<{ ok: boolean; message?: string }>, success: string) {
    setBusy(key);
    const res = await fn();
    setBusy(null);
    if (!res.ok) {
      toast.error(res.message ?? "Could not do that.");
      return false;
    }
    toast.success(success);
    router.refresh();
    return true;
  }

  return (
    <div className="flex flex-col gap-6">
      {canManage ? (
        <form
          className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-5 sm:flex-row sm:items-end"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            setBusy("invite");
            const res = await inviteMemberAction({ org, email, role });
            setBusy(null);
            if (!res.ok) {
              setError(res.fieldErrors?.email?.[0] ?? res.message);
              return;
            }
            toast.success(`Invitation sent to ${email}`);
            setEmail("");
            router.refresh();
          }}
        >
          <div className="flex-1">
            <Field id="invite-email" label="Invite by email" error={error ?? undefined}>
              <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="teammate@example.com" />
            </Field>
          </div>
          <Field id="invite-role" label="Role">
            <select
              id="invite-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              className="h-10 rounded-md border border-zinc-300 bg-white px-3 text-sm"
            >
              <option value="editor">Editor</option>
              <option value="admin">Admin</option>
              {myRole === "owner" ? <option value="owner">Owner</option> : null}
            </select>
          </Field>
          <Button type="submit" disabled={busy === "invite" || !email}>
            {busy === "invite" ? "Sending…" : "Send invite"}
          </Button>
        </form>
      ) : null}

      <section aria-labelledby="members-h" className="rounded-lg border border-zinc-200 bg-white">
        <h2 id="members-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
          Members
        </h2>
        <ul className="divide-y divide-zinc-200">
          {members.map((m) => (
            <li key={m.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid={`member-${m.email}`}>
              <div>
                <span className="font-medium">{m.name}</span> {m.id === me ? <Badge>you</Badge> : null}
                <span className="block text-sm text-zinc-500">{m.email}</span>
              </div>
              <div className="flex items-center gap-2">
                {canManage && m.id !== me ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={busy !== null || (m.role === "owner" && myRole !== "owner")}
                    onChange={(e) => run(`role-${m.id}`, () => changeMemberRoleAction({ org, memberId: m.id, role: e.target.value as Role }), "Role changed")}
                    className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm"
                  >
                    <option value="editor">Editor</option>
                    <option value="admin">Admin</option>
                    {myRole === "owner" || m.role === "owner" ? <option value="owner">Owner</option> : null}
                  </select>
                ) : (
                  <Badge variant="info">{m.role}</Badge>
                )}
                {m.id === me || canManage ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={busy !== null}
                    onClick={async () => {
                      const leaving = m.id === me;
                      if (!window.confirm(leaving ? "Leave this school? You will lose access to its dashboard." : `Remove ${m.email} from the team?`)) return;
                      const ok = await run(`rm-${m.id}`, () => removeMemberAction({ org, memberId: m.id }), leaving ? "You left the school" : "Removed");
                      if (ok && leaving) router.push("/");
                    }}
                  >
                    {m.id === me ? "Leave" : "Remove"}
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="inv-h" className="rounded-lg border border-zinc-200 bg-white">
        <h2 id="inv-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
          Pending invitations
        </h2>
        {invitations.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500">No pending invitations.</p>
        ) : (
          <ul className="divide-y divide-zinc-200">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center justify-between px-4 py-3 text-sm">
                <span>
                  {i.email} · {i.role}
                  <span className="block text-xs text-zinc-500">expires {formatDistanceToNow(new Date(i.expiresAt), { addSuffix: true })}</span>
                </span>
                {canManage ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={busy !== null}
                    onClick={() => run(`rev-${i.id}`, () => revokeInvitationAction({ org, invitationId: i.id }), "Invitation revoked")}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
