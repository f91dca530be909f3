import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { courses } from "./courses";
import { createdAt, tenantId } from "./columns";

/**
 * A certificate of completion: one per student and course, issued when the course completes (or by hand
 * from the student's page). The serial is what the public verification page on the school's host looks
 * up; the name and title are kept as they were on the day it was issued, as printed.
 */
export const certificates = pgTable(
  "certificates",
  {
    id: uuid().primaryKey().defaultRandom(),
    creatorId: tenantId(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    serial: text().notNull(),
    recipientName: text().notNull(),
    courseTitle: text().notNull(),
    /** The team member who issued it by hand; null when the course's completion issued it. */
    issuedByUserId: text().references(() => user.id, { onDelete: "set null" }),
    issuedAt: createdAt(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("certificates_serial_uq").on(t.serial),
    uniqueIndex("certificates_creator_course_user_uq").on(t.creatorId, t.courseId, t.userId),
    index("certificates_creator_user_idx").on(t.creatorId, t.userId),
  ],
);
