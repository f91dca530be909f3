import { serve } from "inngest/next";
import { inngest } from "./client";
import { functions } from "./functions";
import type { ServeHandler } from "./runner/protocol";

/**
 * The app's Inngest serve handler: what Inngest Cloud and the dev server call at /api/inngest, and what
 * the embedded executor calls in-process (src/inngest/runtime.ts) with the very same protocol.
 */
export const inngestHandler = serve({ client: inngest, functions }) as unknown as ServeHandler;
