"use client";
import { createContext, useContext, type ReactNode } from "react";

/**
 * The school whose dashboard this is (its slug, as in the URL), set once by the `[org]` layout. Client
 * components read it here rather than having it handed down through every prop list; actions receive
 * it in their input (`{ org, … }`) and check membership on the server.
 */
const OrgContext = createContext<string | null>(null);

export function OrgProvider(props: { org: string; children: ReactNode }) {
  return <OrgContext.Provider value={props.org}>{props.children}</OrgContext.Provider>;
}

export function useOrg(): string {
  const org = useContext(OrgContext);
  if (org === null) throw new Error("useOrg() is for components inside a school's dashboard ([org] layout).");
  return org;
}
