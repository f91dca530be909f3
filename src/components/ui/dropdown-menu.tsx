"use client";
import * as DM from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export const DropdownMenu = DM.Root;
export const DropdownMenuTrigger = DM.Trigger;
export const DropdownMenuLabel = ({ className, ...p }: ComponentProps<typeof DM.Label>) => (
  <DM.Label className={cn("px-2 py-1.5 text-xs text-zinc-500", className)} {...p} />
);
export const DropdownMenuSeparator = ({ className, ...p }: ComponentProps<typeof DM.Separator>) => (
  <DM.Separator className={cn("my-1 h-px bg-zinc-200", className)} {...p} />
);

export function DropdownMenuContent({ className, sideOffset = 6, ...props }: ComponentProps<typeof DM.Content>) {
  return (
    <DM.Portal>
      <DM.Content sideOffset={sideOffset} className={cn("z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg", className)} {...props} />
    </DM.Portal>
  );
}

export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof DM.Item>) {
  return (
    <DM.Item
      className={cn("flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-zinc-100", className)}
      {...props}
    />
  );
}
