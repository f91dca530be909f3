/** After signing in: a page goes through the client router; an endpoint (the session handoff under /api) needs a full navigation. */
export function goAfterSignIn(router: { push(href: string): void; refresh(): void }, destination: string): void {
  if (destination.startsWith("/api/")) {
    window.location.assign(destination);
    return;
  }
  router.push(destination);
  router.refresh();
}
