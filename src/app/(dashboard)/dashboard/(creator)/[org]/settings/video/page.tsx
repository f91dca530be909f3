import { MuxPanel } from "@/components/video/mux-panel";
import { findMuxConnection } from "@/db/queries/mux";
import { periodUsage } from "@/db/queries/usage";
import { requireOrg } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { planOf } from "@/lib/platform-billing/plans";

export const metadata = { title: "Video" };

/**
 * Settings → Video: what the plan allows for video (largest upload, longest video, minutes a month and
 * this month's use), and the school's own Mux account for videos it already hosts there.
 */
export default async function VideoSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { scope, role, creator } = await requireOrg(org);
  const [conn, usage] = await Promise.all([findMuxConnection(scope), periodUsage(scope)]);
  const plan = planOf(creator.plan);
  const minutes = plan.limits.videoMinutesPerMonth;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Video</h1>
        <p className="text-sm text-zinc-500">
          Upload videos in a video lesson of the course builder: they are streamed to students in the quality their connection allows, and only students with
          access can play them.
        </p>
      </div>
      <section aria-labelledby="plan-h" className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4">
        <h2 id="plan-h" className="font-semibold">
          On your {plan.name} plan
        </h2>
        <ul className="grid gap-1 text-sm text-zinc-700 sm:grid-cols-3">
          <li>Videos up to {plan.limits.videoUploadGb} GB</li>
          <li>Up to {plan.limits.videoMaxMinutes} minutes long</li>
          <li>
            {usage.video_minutes.toLocaleString("en-US")}
            {minutes === null ? "" : ` of ${minutes.toLocaleString("en-US")}`} minutes processed this month
          </li>
        </ul>
      </section>
      <MuxPanel
        canManage={role !== "editor"}
        webhookUrl={appUrl(`/api/webhooks/mux/${creator.id}`)}
        connection={conn ? { tokenId: conn.tokenId, signing: !!conn.signingKeyId, webhooks: !!conn.webhookSecret } : null}
      />
    </div>
  );
}
