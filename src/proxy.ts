import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { parseHost, rewritePath } from "@/lib/tenant/host";

/**
 * Host → internal route prefix. Nothing else happens here: no database, no auth.
 * Every matched path is rewritten under its host's prefix (see rewritePath), so no path
 * falls through un-rewritten. /api and Next's own assets are not matched; route
 * handlers under /api resolve the host themselves.
 */
export function proxy(request: NextRequest) {
  const info = parseHost(request.headers.get("host"), env().rootHostname);
  const target = rewritePath(info, request.nextUrl.pathname);
  if (target === null) {
    return new NextResponse("Bad Request: unrecognised host name.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const url = request.nextUrl.clone();
  url.pathname = target;
  return NextResponse.rewrite(url);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|_next/webpack-hmr).*)"],
};
