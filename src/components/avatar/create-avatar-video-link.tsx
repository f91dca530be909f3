"use client";
import { UserRound } from "lucide-react";
import Link from "next/link";
import { useOrg } from "@/components/dashboard/org-context";

/** The builder's way into "Create avatar video" for a text or video lesson. */
export function CreateAvatarVideoLink({
  courseId,
  lessonId,
  hasVideo,
  render,
}: {
  courseId: string;
  lessonId: string;
  hasVideo: boolean;
  render: { status: string; percent: number } | null;
}) {
  const org = useOrg();
  const running = render && ["rendering", "stitching", "processing"].includes(render.status);
  return (
    <Link
      href={`/${org}/courses/${courseId}/avatar/${lessonId}`}
      className="inline-flex w-fit items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50"
    >
      <UserRound className="h-4 w-4" aria-hidden />
      {running ? `Avatar video: rendering (${render.percent}%)` : hasVideo ? "Avatar video: render again" : "Create avatar video"}
    </Link>
  );
}
