"use server";
import { z } from "zod";
import { courseSlug } from "@/lib/courses/schemas";
import { recordVideoProgress } from "@/db/queries/video";
import { studentAction } from "@/lib/actions/chain";

/**
 * The player's watch progress, every few seconds while playing and on pause: where the student is and
 * the seconds played since the last report. Completes the lesson past the watched threshold.
 */
const schema = z.object({
  courseSlug,
  lessonId: z.string().uuid("Unknown lesson"),
  position: z
    .number()
    .min(0)
    .max(24 * 3600),
  watched: z.number().min(0).max(3600),
});

export const recordVideoProgressAction = studentAction({ name: "learning.recordVideoProgress", schema }, async (input, { scope, user }) =>
  recordVideoProgress(scope, { userId: user.id, ...input }),
);
