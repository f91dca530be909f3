#!/usr/bin/env bash
# The server the Playwright suite runs against: the production build on port 3100.
# Default: a fresh embedded PGlite in .data/e2e (migrated and seeded at start).
# E2E_DATABASE_URL=postgres://… : that (local) database, migrated and seeded first.
set -euo pipefail
export PORT=3100 ROOT_DOMAIN=localhost:3100 NODE_ENV=production
export BETTER_AUTH_SECRET="${BETTER_AUTH_SECRET:-Qm9vdHN0cmFwLWUyZS1vbmx5LXNlY3JldC1rZXktN3g5cQ}"
# Better Auth's per-IP limiter would trip over a whole suite coming from 127.0.0.1; the per-account
# sign-in limiter stays on and is what e2e/app/sign-in-rate-limit.spec.ts exercises.
export AUTH_RATE_LIMIT=off
export PLATFORM_ADMIN_EMAILS="${PLATFORM_ADMIN_EMAILS:-admin@courseforge.test}"
unset RESEND_API_KEY SMTP_URL EMAIL_TRANSPORT
# Domain checks ask the DNS server e2e/app/custom-domain.spec.ts starts on this port (test/fake-dns.ts).
export DNS_SERVERS=127.0.0.1:5391 CUSTOM_DOMAIN_TARGET=domains.courseforge.test
# Avatar video renders through the fake HeyGen e2e/app/avatar-video.spec.ts starts on this port (test/fake-heygen.ts).
export HEYGEN_API_KEY=e2e-heygen-key HEYGEN_API_URL=http://127.0.0.1:5392 HEYGEN_WEBHOOK_SECRET=e2e-heygen-webhook-secret
if [[ -n "${E2E_DATABASE_URL:-}" ]]; then
  case "$E2E_DATABASE_URL" in
    *127.0.0.1*|*localhost*) ;;
    *) echo "Refusing to run e2e against a non-local database" >&2; exit 1 ;;
  esac
  export DATABASE_URL="$E2E_DATABASE_URL" OUTBOX_VIEWER=open
  npx tsx --import ./scripts/server-only-hook.mjs scripts/seed.ts
else
  unset DATABASE_URL
  export DATA_DIR=.data/e2e
  rm -rf .data/e2e
fi
# cached tenant look-ups and pages in .next/cache belong to the previous database
rm -rf .next/cache/fetch-cache .next/server/route-cache
exec node scripts/server.mjs
