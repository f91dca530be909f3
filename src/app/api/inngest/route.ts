import { inngestHandler } from "@/inngest/serve";
import { jobsMode } from "@/inngest/mode";

/**
 * Inngest's serve endpoint, for Inngest Cloud and the dev server. In embedded mode the executor inside
 * the app calls the same handler in-process (signed with the deployment's own key), so over HTTP the
 * endpoint answers 404: there is no outside executor to talk to.
 */
const embedded = () => Response.json({ message: "Jobs run on the embedded executor (no INNGEST_* configured)." }, { status: 404 });

export const GET = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : inngestHandler.GET(req, ctx));
export const POST = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : inngestHandler.POST(req, ctx));
export const PUT = (req: Request, ctx: unknown) => (jobsMode() === "embedded" ? embedded() : inngestHandler.PUT(req, ctx));
