"use server";
import { z } from "zod";
import { updateSalesPage } from "@/db/queries/sales-pages";
import { orgAction } from "@/lib/actions/chain";
import { revalidateCourses } from "@/lib/courses/revalidate";
import { salesPageInputSchema } from "@/lib/courses/sales-page";
import { uuid } from "@/lib/courses/schemas";
import { renderRichText } from "@/lib/rich-text/render";

const schema = z.object({ courseId: uuid, version: z.number().int().min(1), salesPage: salesPageInputSchema });

/** Save a course's sales-page sections; the description is rendered and sanitized here, once, like a lesson. */
export const updateSalesPageAction = orgAction(
  { name: "update-sales-page", schema, minRole: "editor" },
  async ({ courseId, version, salesPage }, { scope, user }) => {
    const { about, ...rest } = salesPage;
    const html = about ? renderRichText(about).html : "";
    const row = await updateSalesPage(scope, {
      actorUserId: user.id,
      courseId,
      expectedVersion: version,
      salesPage: { ...rest, about: about && html.replace(/<[^>]+>/g, "").trim() ? { doc: about, html } : null },
    });
    if (row.status === "published") revalidateCourses(scope);
    return { version: row.version };
  },
);
