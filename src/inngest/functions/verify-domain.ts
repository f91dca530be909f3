import { listVerifiedDomainIds } from "@/db/queries/domains";
import { systemScope } from "@/db/scope";
import { DomainError } from "@/lib/errors";
import { verifyDomain } from "@/lib/domains/verify";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * The waits between DNS checks of a new domain: quick at first (most creators add the records while the
 * page is open), then backing off to daily — about four days in all, after which the creator's
 * "Verify" button is the way on.
 */
export const DOMAIN_CHECK_BACKOFF = ["1m", "2m", "5m", "10m", "30m", "1h", "2h", "6h", "12h", "24h", "24h", "24h"] as const;

/**
 * A school added a custom domain: check its DNS now, then again after each wait until it is verified,
 * removed (the run is cancelled) or the schedule ends. Each check is its own step, so a restart resumes
 * the schedule where it was, and a check that already ran is never repeated.
 */
export const verifyDomainFunction = inngest.createFunction(
  {
    id: "verify-domain",
    name: "Verify a custom domain's DNS",
    triggers: [{ event: "domains/domain.added" }],
    cancelOn: [{ event: "domains/domain.removed", if: "event.data.domainId == async.data.domainId" }],
    concurrency: { key: "event.data.creatorId", limit: 2 },
    retries: 3,
  },
  async ({ event, step }) => {
    const d = event.data as EventData<"domains/domain.added">;
    for (let i = 0; i <= DOMAIN_CHECK_BACKOFF.length; i++) {
      const result = await step.run(`check-${i + 1}`, async () => {
        try {
          const { entry, check } = await verifyDomain(systemScope(d.creatorId), { id: d.domainId, actorUserId: null });
          // Done when the domain serves; a twin still waiting for its CNAME is left to "Verify now" and the daily re-check.
          return { verified: entry.verifiedAt !== null, problem: check.problem, gone: false };
        } catch (err) {
          // Removed before the check (the cancel may arrive just after): nothing more to do.
          if (err instanceof DomainError && err.code === "not_found") return { verified: false, problem: null, gone: true };
          throw err;
        }
      });
      if (result.verified || result.gone) return { checks: i + 1, ...result };
      if (i < DOMAIN_CHECK_BACKOFF.length) await step.sleep(`wait-${i + 1}`, DOMAIN_CHECK_BACKOFF[i]!);
    }
    return { checks: DOMAIN_CHECK_BACKOFF.length + 1, verified: false, gaveUp: true };
  },
);

/**
 * Daily: re-check every verified domain. Records back or still there: nothing changes; missing: the creator
 * sees why on the Domains page, and after the grace period the domain stops serving the school (see
 * recordDomainCheck). A twin verified late (its CNAME added after its domain) is picked up here too.
 */
export const recheckDomainsFunction = inngest.createFunction(
  { id: "recheck-domains", name: "Re-check verified custom domains", triggers: [{ cron: "20 3 * * *" }], retries: 3 },
  async ({ step }) => {
    const all = await step.run("list-verified", () => listVerifiedDomainIds());
    let lost = 0;
    for (let i = 0; i < all.length; i += 25) {
      const batch = all.slice(i, i + 25);
      lost += await step.run(`check-${i / 25}`, async () => {
        let n = 0;
        for (const d of batch) {
          try {
            const r = await verifyDomain(systemScope(d.creatorId), { id: d.id, actorUserId: null });
            if (r.changed === "lost") n++;
          } catch (err) {
            // Removed meanwhile: nothing to check. Anything else fails the step, which is retried.
            if (!(err instanceof DomainError && err.code === "not_found")) throw err;
          }
        }
        return n;
      });
    }
    return { checked: all.length, lost };
  },
);
