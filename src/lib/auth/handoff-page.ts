/**
 * The page a custom domain shows when a session handoff arrives in a browser that did not leave this
 * domain to sign in (a link opened from an email, or a code someone else pushed at it): it says whose
 * account this is and asks before signing in. No script; the button POSTs the code back from this origin.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function handoffConfirmPage(o: { email: string; code: string; next: string; schoolHost: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Continue signing in</title>
<style>
body{margin:0;padding:0 1rem;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#fafafa;color:#18181b}
main{max-width:26rem;margin:12vh auto;padding:2rem;background:#fff;border:1px solid #e4e4e7;border-radius:.75rem}
h1{font-size:1.25rem;margin:0 0 .75rem}
p{margin:0 0 1rem;line-height:1.5;color:#3f3f46}
button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:0;background:#18181b;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
a{color:#18181b}
.row{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
</style>
</head>
<body>
<main>
<h1>Continue signing in?</h1>
<p>You are about to be signed in to <strong>${escape(o.schoolHost)}</strong> as <strong>${escape(o.email)}</strong>.</p>
<p>If this is not your account, or you did not just sign in, do not continue.</p>
<form method="post" action="/api/auth/handoff/accept" class="row">
<input type="hidden" name="code" value="${escape(o.code)}">
<input type="hidden" name="next" value="${escape(o.next)}">
<button type="submit">Continue as ${escape(o.email)}</button>
<a href="/">Not me</a>
</form>
</main>
</body>
</html>`;
}
