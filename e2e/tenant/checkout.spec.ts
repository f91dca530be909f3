import { expect, test, type Page } from "@playwright/test";
import { latestMailLink, signInUi, unique, url } from "../support";

const app = (path: string) => url("app", path);

async function asOwner(page: Page) {
  await signInUi(page, url("app").replace(/\/$/, ""), "owner@acme.test");
}

test("a visitor buys a course with a coupon and the order bump in test-payment mode; the creator refunds it and access ends", async ({ browser }) => {
  const code = unique("SAVE").replace(/-/g, "").toUpperCase().slice(0, 20);
  const creator = await (await browser.newContext()).newPage();
  await asOwner(creator);

  // The creator makes a one-time "workbook" offer and sets it as the order bump of the watercolor course's offer.
  await creator.goto(app("/acme/offers/new"));
  await creator.getByLabel("Name").fill(`Sketching workbook ${code}`);
  await creator.getByLabel("Sketching for Beginners").check();
  await creator.getByLabel("Amount in USD").fill("19");
  await creator.getByRole("button", { name: "Create offer" }).click();
  await expect(creator).toHaveURL(app("/acme/offers"));
  const bumpRow = creator.getByTestId("offer-row").filter({ hasText: `Sketching workbook ${code}` });
  await bumpRow.getByRole("button", { name: "Put on sale" }).click();
  await expect(bumpRow.getByText("On sale")).toBeVisible();
  await creator.getByTestId("offer-row").filter({ hasText: "Watercolor Foundations" }).first().getByRole("link", { name: "Edit" }).click();
  await creator.getByLabel("Order bump offer").selectOption({ label: `Sketching workbook ${code}` });
  await creator.getByLabel("Bump headline").fill("Add the sketching workbook");
  await creator.getByRole("button", { name: "Save offer" }).click();
  await expect(creator).toHaveURL(app("/acme/offers"));
  await creator.screenshot({ path: "test-results/screens/offers.png", fullPage: true });

  // …and a 20% coupon, with a link that applies it.
  await creator.getByRole("link", { name: "Coupons" }).click();
  await creator.getByLabel("Code").fill(code);
  await creator.getByLabel("Percent off").fill("20");
  await creator.getByRole("button", { name: "Create coupon" }).click();
  const couponRow = creator.getByTestId("coupon-row").filter({ hasText: code });
  await expect(couponRow).toContainText("20% off");
  await creator.screenshot({ path: "test-results/screens/coupons.png", fullPage: true });

  // A visitor on the school's site: sales page → checkout, with the coupon typed in lower case.
  const visitor = await (await browser.newContext()).newPage();
  const email = `${unique("buyer")}@students.test`;
  await visitor.goto(url("acme", "/courses/watercolor-foundations"));
  await visitor.getByRole("list", { name: "Ways to join" }).getByRole("link", { name: "Buy now" }).click();
  await expect(visitor).toHaveURL(/\/checkout\//);
  await expect(visitor.getByRole("heading", { level: 1, name: "Watercolor Foundations" })).toBeVisible();
  await expect(visitor.getByText("Test payments:")).toBeVisible();
  await visitor.getByLabel("Coupon code").fill(code.toLowerCase());
  await visitor.getByRole("button", { name: "Apply" }).click();
  await expect(visitor.getByText(`${code} applied: 20% off`)).toBeVisible();
  await expect(visitor.getByTestId("checkout-total")).toHaveText("$39.20");
  await visitor.getByLabel(/Add the sketching workbook/).check();
  await expect(visitor.getByTestId("checkout-total")).toHaveText("$54.40"); // (49 + 19) − 20%
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByLabel("Name").fill("Bea Buyer");
  await visitor.getByLabel("Card number").fill("4000 0000 0000 0002");
  await visitor.getByLabel("Expiry").fill("12 / 34");
  await visitor.getByLabel("CVC").fill("123");
  await visitor.getByRole("button", { name: "Pay $54.40" }).click();
  await expect(visitor.getByText("Your card was declined.").first()).toBeVisible();
  await visitor.getByLabel("Card number").fill("4242 4242 4242 4242");
  await visitor.getByRole("button", { name: /^Pay/ }).click();
  await expect(visitor.getByRole("heading", { name: "You're in!" })).toBeVisible();
  await expect(visitor.getByText(email)).toBeVisible();
  await visitor.screenshot({ path: "test-results/screens/checkout-done.png", fullPage: true });

  // The receipt and a sign-in link are in the outbox; the link opens the library with both courses.
  const mail = await (await browser.newContext()).newPage();
  await latestMailLink(mail, email, /Your receipt from Acme Academy/);
  await expect(mail.frameLocator('iframe[title="Email preview"]').getByText("$54.40").first()).toBeVisible();
  const signInLink = await latestMailLink(mail, email, /Your sign-in link for Acme Academy/);
  await visitor.goto(signInLink);
  await expect(visitor).toHaveURL(url("acme", "/library"));
  await expect(visitor.getByTestId("library-course")).toHaveText([/Sketching for Beginners/, /Watercolor Foundations/]);

  // The creator sees the order, refunds it in full; the student's access ends.
  await creator.goto(app("/acme/orders"));
  const orderRow = creator.getByTestId("order-row").filter({ hasText: email });
  await expect(orderRow).toContainText("$54.40");
  await expect(orderRow).toContainText(code);
  await orderRow.getByRole("link").first().click();
  await expect(creator.getByRole("heading", { name: /^Order / })).toBeVisible();
  await creator.screenshot({ path: "test-results/screens/order.png", fullPage: true });
  creator.once("dialog", (d) => void d.accept());
  await creator.getByRole("button", { name: "Refund in full" }).click();
  await expect(creator.getByText("Refunded in full: access ended")).toBeVisible();
  // Access is taken back by the fulfilment job, a moment later: the order's history then says so.
  await expect(async () => {
    await creator.reload();
    await expect(creator.getByText("Access ended", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(async () => {
    await visitor.reload();
    await expect(visitor.getByText("You are not enrolled in any course yet.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // At 390 px the checkout stacks, summary under the offer.
  await visitor.setViewportSize({ width: 390, height: 844 });
  await visitor.goto(url("acme", "/courses/watercolor-foundations"));
  await visitor.getByRole("link", { name: "Buy now" }).first().click();
  await visitor.screenshot({ path: "test-results/screens/checkout-mobile.png", fullPage: true });
});

test("unauthorized: another school's owner, a student and a visitor get nothing from the sales pages", async ({ browser }) => {
  const beta = await (await browser.newContext()).newPage();
  await signInUi(beta, url("app").replace(/\/$/, ""), "owner@beta.test");
  for (const path of [
    "/acme/offers",
    "/acme/offers/new",
    "/acme/offers/coupons",
    "/acme/orders",
    "/acme/settings/payments",
    "/acme/students/import",
    "/acme/students/export.csv",
  ]) {
    const res = await beta.goto(app(path));
    expect(res?.status(), path).toBe(404);
  }
  const student = await (await browser.newContext()).newPage();
  await signInUi(student, url("app").replace(/\/$/, ""), "student@acme.test").catch(() => {});
  expect((await student.goto(app("/acme/orders")))?.status()).toBe(404);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(app("/acme/orders"));
  await expect(visitor).toHaveURL(/\/sign-in\?next=/);
  // A checkout for an offer that is not the school's, or not on sale, is not found.
  expect((await visitor.goto(url("acme", `/checkout/${crypto.randomUUID()}`)))?.status()).toBe(404);
});
