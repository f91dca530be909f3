import { open, seal } from "@/lib/crypto/seal";

/**
 * One-time links (reset, sign-in, confirmation, invitation) ride in job events sealed, so the outbox,
 * the run's stored payload and the jobs pages never hold a usable link; the function that emails it
 * opens it inside its step.
 */
const PURPOSE = "inngest-event-link";
export const sealEventLink = (url: string) => seal(url, PURPOSE);
export const openEventLink = (sealed: string) => open(sealed, PURPOSE);
