import { letterIcon } from "@/lib/site/favicon";

/** /favicon.ico on the platform's own hosts (its home and the dashboard host: src/lib/tenant/host.ts rewritePath). */
export function GET(): Promise<Response> {
  return letterIcon({ letter: "C", color: "#4f46e5" });
}
