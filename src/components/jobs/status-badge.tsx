import { Badge } from "@/components/ui/badge";

const VARIANT: Record<string, "success" | "warning" | "info" | "default"> = {
  completed: "success",
  failed: "warning",
  running: "info",
  queued: "default",
  sleeping: "default",
  waiting: "default",
  cancelled: "default",
};

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANT[status] ?? "default"}>{status === "failed" ? "✕ failed" : status}</Badge>;
}
