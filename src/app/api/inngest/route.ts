import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { jobsMode } from "@/inngest/mode";

/**
 * Inngest's serve endpoint (cloud or dev server modes). In embedded mode the runner inside the
 * server executes the functions and this endpoint says so.
 */
const handler = serve({ client: inngest, functions });
const embedded = () => Response.json({ message: "Jobs run on the embedded runner (no INNGEST_* configured)." }, { status: 404 });

export const GET = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : handler.GET(req as never, ctx as never));
export const POST = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : handler.POST(req as never, ctx as never));
export const PUT = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : handler.PUT(req as never, ctx as never));
