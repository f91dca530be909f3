"use server";
import { z } from "zod";
import { deleteMuxConnection } from "@/db/queries/mux";
import { orgAction } from "@/lib/actions/chain";

/** Settings → Video: forget the school's Mux account (public Mux videos keep playing; signed ones stop). */
export const disconnectMuxAction = orgAction({ name: "disconnect-mux", schema: z.object({}), minRole: "admin" }, async (_input, { scope, user }) => {
  await deleteMuxConnection(scope, user.id);
  return { connected: false };
});
