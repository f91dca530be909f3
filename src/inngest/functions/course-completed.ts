import { certificateForCourse } from "@/db/queries/certificates";
import { findUserById } from "@/db/queries/users";
import { findSiteRecord, systemScope } from "@/db/scope";
import { getCreatorOrThrow } from "@/db/queries/tenants";
import { renderTemplate } from "@/emails/registry";
import { brandOf } from "@/inngest/brand";
import { sendEmail } from "@/lib/email/send-email";
import { verifyUrlOf } from "@/lib/learning/certificate";
import { tenantUrl } from "@/lib/env";
import { inngest } from "../client";
import type { EventData } from "../events";

/**
 * A student completed a course: the school's congratulations email with the certificate (issued with the
 * completion, in its transaction) and its serial. Delivered once per completion (the event id is the
 * outbox row); the certificate link opens on the school's host, where the student's session is.
 */
export const courseCompletedFunction = inngest.createFunction(
  { id: "course-completed-email", name: "Email a completed course's certificate", triggers: [{ event: "learning/course.completed" }], retries: 5 },
  async ({ event, step }) => {
    const d = event.data as EventData<"learning/course.completed">;
    return step.run("email", async () => {
      const scope = systemScope(d.creatorId);
      const row = await certificateForCourse(scope, { userId: d.studentUserId, courseId: d.courseId });
      const student = await findUserById(d.studentUserId);
      if (!row || !student) return { sent: false };
      const school = await getCreatorOrThrow(scope);
      const site = await findSiteRecord({ kind: "subdomain", slug: school.slug });
      if (!site) return { sent: false };
      const { subject, element } = renderTemplate("course-complete", {
        brand: await brandOf(d.creatorId),
        schoolName: school.name,
        name: student.name,
        courseTitle: row.courseTitle,
        certificateUrl: tenantUrl(site.customDomain ?? site.slug, `/learn/${row.slug}/complete`),
        serial: row.serial,
        verifyUrl: verifyUrlOf(site, row.serial),
      });
      await sendEmail({ to: student.email, subject, react: element, tag: "course-complete", scope });
      return { sent: true };
    });
  },
);
