import { TeamManager } from "@/components/team/team-manager";
import { listMembers } from "@/db/queries/members";
import { listOpenInvitations } from "@/db/queries/invitations";
import { requireOrg } from "@/lib/auth/session";

export default async function TeamPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, role, memberId } = await requireOrg(org);
  const [members, invitations] = await Promise.all([listMembers(scope), listOpenInvitations(scope)]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Team</h1>
        <p className="text-sm text-zinc-500">Owners manage billing and the team; admins manage the team and settings; editors build courses.</p>
      </div>
      <TeamManager
        me={memberId}
        myRole={role}
        members={members.map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.role }))}
        invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() }))}
      />
    </div>
  );
}
