import type { Page, Response } from "@playwright/test";
import {
  contacts,
  expect,
  INCORRECT_CREDENTIALS,
  organizations,
  staff,
  test,
} from "../fixtures";

// Sign-in, sign-out and who may open which area. Every test starts signed out.

const onPath = (path: string) => (url: URL) => url.pathname === path;

/** The status of the first response in a redirect chain. */
async function firstStatus(response: Response | null): Promise<number | undefined> {
  let request = response?.request();
  while (request?.redirectedFrom()) {
    request = request.redirectedFrom()!;
  }
  return (await request?.response())?.status();
}

async function expectAccessDenied(page: Page, response: Response | null, link: string) {
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Access denied" })).toBeVisible();
  await expect(page.getByRole("link", { name: link })).toBeVisible();
}

test("staff signs in and sees the admin area", async ({ page, loginPage, shell }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);

  await expect(page).toHaveURL(onPath("/admin"));
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await shell.expectSignedInAs(staff.name);
  await expect(shell.navigation.getByRole("link", { name: "Customers" })).toBeVisible();

  const table = page.getByRole("table");
  for (const organization of organizations) {
    await expect(table.getByRole("row", { name: organization })).toBeVisible();
  }
});

test("a contact signs in and sees their portal", async ({ page, loginPage, shell }) => {
  const leslie = contacts.leslie;
  await loginPage.goto();
  await loginPage.signInAs(leslie);

  await expect(page).toHaveURL(onPath("/portal"));
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
  await shell.expectSignedInAs(leslie.name);
  // My Profile sits in the Account drop-down.
  await page.waitForSelector("body[data-hydrated]");
  await shell.openAccountMenu();
  await expect(shell.navigation.getByRole("link", { name: "My Profile" })).toBeVisible();
  await shell.expectText(leslie.email);
  await shell.expectText(leslie.organization);
});

test("a contact with the Basic level and no permissions can sign in", async ({
  page,
  loginPage,
  shell,
}) => {
  const samwise = contacts.samwise;
  await loginPage.goto();
  await loginPage.signInAs(samwise);

  await expect(page).toHaveURL(onPath("/portal"));
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
  await shell.expectSignedInAs(samwise.name);
  await shell.expectText(samwise.organization);
  await shell.expectText(samwise.accessLevel);
});

test("a wrong password is refused", async ({ loginPage }) => {
  await loginPage.goto();
  await loginPage.signIn(staff.email, "not-the-password");

  await expect(loginPage.error).toHaveText(INCORRECT_CREDENTIALS);
  await loginPage.expectShown();
});

test("an unknown email gets the same message as a wrong password", async ({ loginPage }) => {
  await loginPage.goto();
  await loginPage.signIn("nobody@example.com", contacts.gandalf.password);

  await expect(loginPage.error).toHaveText(INCORRECT_CREDENTIALS);
  await loginPage.expectShown();
});

test("a signed-out visitor opening /admin signs in and lands there", async ({
  page,
  loginPage,
}) => {
  const response = await page.goto("/admin");

  expect(await firstStatus(response)).toBe(303);
  await loginPage.expectShown("/admin");

  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(onPath("/admin"));
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
});

test("a signed-out visitor opening a page under /portal is sent to sign in", async ({
  page,
  loginPage,
}) => {
  const response = await page.goto("/portal/settings");

  expect(await firstStatus(response)).toBe(303);
  await loginPage.expectShown("/portal/settings");
});

test("a signed-out visitor opening /portal signs in and lands there", async ({
  page,
  loginPage,
}) => {
  await page.goto("/portal");
  await loginPage.expectShown("/portal");

  await loginPage.signInAs(contacts.demoOwner);
  await expect(page).toHaveURL(onPath("/portal"));
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
});

test("signing out ends the session", async ({ page, loginPage, shell }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();

  await shell.signOut();
  await loginPage.expectShown();

  // Back in history must not show the admin area again.
  await page.goBack();
  await loginPage.expectShown();
  await expect(page.getByRole("heading", { name: "Customers" })).toHaveCount(0);

  await page.goto("/admin");
  await loginPage.expectShown("/admin");
});

test("a contact opening the admin area is refused", async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(contacts.ron);
  await expect(page).toHaveURL(onPath("/portal"));

  const response = await page.goto("/admin");
  await expectAccessDenied(page, response, "Go to your portal");

  await page.getByRole("link", { name: "Go to your portal" }).click();
  await expect(page).toHaveURL(onPath("/portal"));
});

test("staff opening the customer portal is refused", async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(onPath("/admin"));

  const response = await page.goto("/portal");
  await expectAccessDenied(page, response, "Go to the admin area");

  await page.getByRole("link", { name: "Go to the admin area" }).click();
  await expect(page).toHaveURL(onPath("/admin"));
});
