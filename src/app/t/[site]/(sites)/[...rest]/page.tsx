import { notFound } from "next/navigation";

// Any address of a school's site that names nothing: the school's own 404 page (never cached per address).
export const dynamic = "force-dynamic";

export default function UnknownPage(): never {
  notFound();
}
