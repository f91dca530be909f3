import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { LimitWarning } from "./limit-warning";
import { MagicLink } from "./magic-link";
import { ResetPassword } from "./reset-password";
import { TeamInvite } from "./team-invite";
import { VerifyEmail } from "./verify-email";

const brand = { name: "Acme Academy", primaryColor: "#0f766e", logoUrl: null };

describe("email templates", () => {
  it("verification mail carries the tenant's branding and the link", async () => {
    const html = await render(<VerifyEmail brand={brand} name="Sam" url="http://acme.localhost:3000/api/auth/verify-email?token=t1" />);
    expect(html).toContain("Acme Academy");
    expect(html).toContain("#0f766e");
    expect(html).toContain('href="http://acme.localhost:3000/api/auth/verify-email?token=t1"');
    const text = await render(<VerifyEmail brand={brand} name="Sam" url="http://x/t" />, { plainText: true });
    expect(text).toContain("Hi Sam");
  });
  it("escapes names (no HTML injection through a user's name)", async () => {
    const html = await render(<VerifyEmail brand={brand} name={'<img src=x onerror="alert(1)">'} url="http://x/t" />);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img");
  });
  it("renders every template with its preview props", async () => {
    for (const C of [VerifyEmail, ResetPassword, MagicLink, TeamInvite, LimitWarning] as const) {
      const Any = C as unknown as (p: object) => React.ReactElement;
      const html = await render(<Any {...(C.PreviewProps as object)} />);
      expect(html).toMatch(/<html/);
    }
  });
  it("invite mail names the school, the inviter and the role", async () => {
    const html = await render(
      <TeamInvite brand={brand} inviterName="Olivia" schoolName="Acme Academy" role="admin" url="http://app.localhost:3000/invite/abc" />,
    );
    expect(html).toContain("Olivia");
    expect(html).toContain("an admin");
  });
});
