"use client";
import { magicLinkClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Talks to /api/auth on the current host (sessions are per host). */
export const authClient = createAuthClient({ plugins: [magicLinkClient()] });
