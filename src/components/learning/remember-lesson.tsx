"use client";
import { useEffect } from "react";
import { recordVisit } from "@/actions/learning/record-visit";

/** Tells the server which lesson is open (resume), once it is actually on screen. Renders nothing. */
export function RememberLesson({ courseSlug, lessonId }: { courseSlug: string; lessonId: string }) {
  useEffect(() => {
    void recordVisit({ courseSlug, lessonId });
  }, [courseSlug, lessonId]);
  return null;
}
