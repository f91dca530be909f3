import { sanitizeRichHtml } from "@/lib/rich-text/sanitize";

/**
 * The one place lesson HTML reaches a page. `html` is already sanitized when it is saved
 * (src/actions/courses/lesson.ts); it is sanitized again here, so a row written by any other path
 * (an import, a migration, a manual fix) can never put markup in front of a student unchecked.
 */
export function RichHtml({ html, className = "lesson-content" }: { html: string; className?: string }) {
  return <div className={className} data-testid="lesson-html" dangerouslySetInnerHTML={{ __html: sanitizeRichHtml(html) }} />;
}
