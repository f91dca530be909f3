import { getAuth } from "@/lib/auth/auth";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenant/host";
import { getSite } from "@/lib/tenant/resolve";

/**
 * Better Auth on every served host. Hosts that are not served (unknown subdomains, unverified
 * custom domains, the bare platform host) are refused before Better Auth builds any URL from
 * the Host header, so reset and magic links can never point at a host we do not serve.
 */
async function handle(request: Request): Promise<Response> {
  const info = parseHost(request.headers.get("host") ?? new URL(request.url).host, env().rootHostname);
  if (info.kind === "invalid") return Response.json({ message: "Unrecognised host" }, { status: 400 });
  if (info.kind === "root") return Response.json({ message: "Not found" }, { status: 404 });
  if (info.kind === "tenant" || info.kind === "custom") {
    const site = await getSite(info.kind === "tenant" ? info.slug : info.hostname);
    if (!site) return Response.json({ message: "Not found" }, { status: 404 });
  }
  const auth = await getAuth();
  return auth.handler(request);
}

export const GET = handle;
export const POST = handle;
