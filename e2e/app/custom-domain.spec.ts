import { chromium, expect, test } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "../../test/chromium";
import { FakeDns } from "../../test/fake-dns";
import { PORT, rawGet, signInUi, unique, url } from "../support";

// The e2e server asks this DNS server (DNS_SERVERS in scripts/e2e-server.sh) when it checks a domain.
let dns: FakeDns;
test.beforeAll(async () => {
  dns = await new FakeDns().start(5391);
});
test.afterAll(async () => {
  await dns.stop();
});

const DOMAIN = "learn.beta-e2e.test";

test("a school adds a custom domain, verifies it by DNS, is served there, its subdomain redirects; removing it stops it", async ({ page }) => {
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@beta.test");
  await page.goto(url("app", "/beta/settings/domains"));
  await expect(page.getByRole("heading", { name: "No domains yet" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/domains-empty.png", fullPage: true });

  // A name the platform serves itself is refused with a reason, under the field.
  await page.getByLabel("Add a domain").fill("acme.localhost");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Courseforge's own addresses" })).toBeVisible();

  await page.getByLabel("Add a domain").fill(`https://${DOMAIN}/`);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText(`Added ${DOMAIN}`)).toBeVisible();
  const card = page.getByTestId(`domain-${DOMAIN}`);
  await expect(card.getByText("Waiting for DNS")).toBeVisible();
  // The records to create: the ownership TXT (its value is this domain's token) and the CNAME.
  const txtRow = card.getByRole("row").filter({ hasText: "_courseforge" });
  const txt = (await txtRow.locator("code").textContent())!.trim();
  expect(txt).toMatch(/^courseforge-verify=[0-9a-f]{32}$/);
  await expect(card.getByRole("row").filter({ hasText: "CNAME" }).locator("code")).toHaveText("domains.courseforge.test");

  // Not served before it is verified.
  expect((await rawGet(`${DOMAIN}:${PORT}`, "/")).status).toBe(404);

  // Verify with nothing published: told what is missing.
  await card.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText("Not verified yet")).toBeVisible();
  await expect(card.getByText(/Not found yet: the TXT record “_courseforge” on beta-e2e\.test/)).toBeVisible();

  dns.set("_courseforge.beta-e2e.test", { txt: [txt] });
  dns.set(DOMAIN, { cname: "domains.courseforge.test" });
  await card.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText(`${DOMAIN} is verified`)).toBeVisible();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
  await expect(card.getByText("Main address")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/domains-verified.png", fullPage: true });

  // The school answers on its domain (Host header), with the domain as its canonical address…
  const home = await rawGet(`${DOMAIN}:${PORT}`, "/");
  expect(home.status).toBe(200);
  expect(home.body).toContain("Beta School");
  // (a custom domain is served on the platform's port: none in production, the test server's here)
  expect(home.body).toMatch(new RegExp(`<link rel="canonical" href="http://${DOMAIN.replace(/\./g, "\\.")}:${PORT}/?"`));
  const sitemap = await rawGet(`${DOMAIN}:${PORT}`, "/sitemap.xml");
  expect(sitemap.body).toContain(`<loc>http://${DOMAIN}:${PORT}/</loc>`);
  // …and its subdomain redirects there permanently, path and query kept.
  const sub = await rawGet(`beta.localhost:${PORT}`, "/courses?ref=x");
  expect(sub.status).toBe(308);
  expect(sub.headers.location).toBe(`http://${DOMAIN}:${PORT}/courses?ref=x`);

  // A visitor joins on the custom domain: the password is typed on the school's Courseforge address (the
  // domain's DNS is the school's), and the session is handed back to the domain.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, `--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`] });
  try {
    const student = await browser.newPage();
    await student.goto(`http://${DOMAIN}:${PORT}/sign-up`);
    // (hn: the one-time nonce the domain set in this browser, so the session comes back to this browser only)
    await expect(student).toHaveURL(new RegExp(`^http://beta\\.localhost:${PORT}/sign-up\\?hn=[\\w-]{43}$`));
    const email = `${unique("cd")}@example.test`;
    await student.getByLabel("Name").fill("Dana Domain");
    await student.getByLabel("Email").fill(email);
    await student.getByLabel("Password").fill("long-enough-pw");
    await student.getByRole("button", { name: /create/i }).click();
    await student.waitForURL(`http://${DOMAIN}:${PORT}/library`);
    await expect(student.getByRole("heading", { name: "My library" })).toBeVisible();
    // Account details are changed on the school's Courseforge address, not on the domain.
    await student.goto(`http://${DOMAIN}:${PORT}/account`);
    await expect(student.getByRole("link", { name: "Manage your sign-in details" })).toHaveAttribute("href", `http://beta.localhost:${PORT}/account`);
    await expect(student.getByLabel("Current password")).toHaveCount(0);
    await student.screenshot({ path: "test-results/screens/custom-domain-account.png", fullPage: true });
    // Signed in on the subdomain already: "Sign in" from the domain comes straight back, signed in.
    await student.context().clearCookies({ domain: DOMAIN });
    await student.goto(`http://${DOMAIN}:${PORT}/sign-in?next=%2Flibrary`);
    await student.waitForURL(`http://${DOMAIN}:${PORT}/library`);
    await expect(student.getByRole("link", { name: "Account" })).toBeVisible();
    // The sign-in details are managed on the subdomain, with the way back to the school.
    await student.goto(`http://${DOMAIN}:${PORT}/account`);
    await student.getByRole("link", { name: "Manage your sign-in details" }).click();
    await student.waitForURL(`http://beta.localhost:${PORT}/account`);
    await expect(student.getByLabel("Current password")).toBeVisible();
    await student.getByRole("link", { name: "← Back to Beta School" }).click();
    await student.waitForURL(`http://${DOMAIN}:${PORT}/library`);
    // A handoff that reaches a browser not marked on the domain (a link from an email, say) asks first; the button signs in.
    await student.context().clearCookies({ domain: DOMAIN });
    await student.goto(`http://beta.localhost:${PORT}/api/auth/handoff/start?next=%2Flibrary`);
    await expect(student.getByRole("heading", { name: "Continue signing in?" })).toBeVisible();
    await student.screenshot({ path: "test-results/screens/custom-domain-handoff-confirm.png" });
    await student.getByRole("button", { name: `Continue as ${email}` }).click();
    await student.waitForURL(`http://${DOMAIN}:${PORT}/library`);
    await expect(student.getByRole("heading", { name: "My library" })).toBeVisible();
  } finally {
    await browser.close();
  }

  // Removing the domain: the domain stops at once, the subdomain serves again.
  page.once("dialog", (d) => d.accept());
  await card.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText(`Removed ${DOMAIN}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "No domains yet" })).toBeVisible();
  expect((await rawGet(`${DOMAIN}:${PORT}`, "/")).status).toBe(404);
  expect((await rawGet(`beta.localhost:${PORT}`, "/")).status).toBe(200);
});

test("an editor sees the domains but cannot change them", async ({ page }) => {
  await signInUi(page, url("app").replace(/\/$/, ""), "editor@acme.test");
  await page.goto(url("app", "/acme/settings/domains"));
  await expect(page.getByText("Only owners and admins can add or change domains.")).toBeVisible();
  await expect(page.getByLabel("Add a domain")).toHaveCount(0);
});

test("the domains page on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@acme.test");
  await page.goto(url("app", "/acme/settings/domains"));
  await page.getByLabel("Add a domain").fill("acme-phone.test");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByTestId("domain-acme-phone.test").getByText("www.acme-phone.test")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/domains-mobile.png", fullPage: true });
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("domain-acme-phone.test").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("heading", { name: "No domains yet" })).toBeVisible();
});
