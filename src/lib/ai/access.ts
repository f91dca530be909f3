import type { DashboardContext } from "@/db/scope";
import { DomainError } from "@/lib/errors";

/** Owners and admins may run AI generation; editors only when an owner allowed it (it spends the school's credits). */
export function mayGenerate(member: Pick<DashboardContext, "role" | "creator">): boolean {
  return member.role !== "editor" || member.creator.aiForEditors;
}

export function assertMayGenerate(member: Pick<DashboardContext, "role" | "creator">): void {
  if (!mayGenerate(member))
    throw new DomainError(
      "forbidden",
      "Your school's owner has not allowed editors to generate courses with AI (it spends the school's credits). Ask an owner.",
    );
}
