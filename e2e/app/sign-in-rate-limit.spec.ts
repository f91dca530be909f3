import { expect, test } from "@playwright/test";
import { PORT, rawPost, unique, url } from "../support";

test("repeated wrong passwords for one account are rate-limited with a clear message", async ({ page }) => {
  const email = `${unique("target")}@creators.test`;
  const created = await rawPost(`app.localhost:${PORT}`, "/api/auth/sign-up/email", { email, password: "the-right-password", name: "Target" });
  expect(created.status).toBe(200);

  await page.goto(url("app", "/sign-in"));
  const alert = page.locator('form [role="alert"]');
  await page.getByLabel("Email").fill(email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(alert).toHaveText("Wrong email or password.");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
  await page.getByLabel("Password").fill("the-right-password"); // even the right password now waits
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alert).toContainText("Too many sign-in attempts for this account");
  await expect(page).toHaveURL(url("app", "/sign-in"));
});
