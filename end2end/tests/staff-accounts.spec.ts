import type { Browser, Page } from "@playwright/test";
import { AccountSections } from "../fixtures/account";
import { AppShell } from "../fixtures/app-shell";
import { LoginPage } from "../fixtures/login-page";
import { SetPasswordPage, strongPassword } from "../fixtures/password-pages";
import { waitForHydration } from "../fixtures/portal-contacts";
import { newStaffUser, ONLY_ADMINISTRATORS, STAFF_INVITE_SUBJECT, StaffUsersPage } from "../fixtures/staff-users";
import { expect, staff, test } from "../fixtures";
import type { Mailbox } from "../fixtures/mailbox";

// Staff accounts: Administrators invite staff users, who set a password from
// the emailed link; the Staff role cannot open Staff Users; everyone can
// change their own password and sign out their other sessions.

const onPath = (path: string) => (url: URL) => url.pathname === path;

async function signIn(page: Page, account: { email: string; password: string }, landing: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(account.email, account.password);
  await expect(page).toHaveURL(onPath(landing));
  await waitForHydration(page);
}

/** An Administrator invites a new Staff user, who accepts in `invitee`; answers their sign-in. */
async function inviteStaffUser(admin: Page, invitee: Page, mailbox: Mailbox) {
  const person = newStaffUser("Tom");
  await signIn(admin, staff, "/admin");
  const staffUsers = new StaffUsersPage(admin);
  await staffUsers.goto();
  const before = await mailbox.mark();
  await staffUsers.invite(person, "Staff");

  const email = await mailbox.waitFor({ to: person.email, subject: STAFF_INVITE_SUBJECT, after: before });
  const password = strongPassword();
  const setUp = new SetPasswordPage(invitee, "invite");
  await setUp.open(email.link("/accept-invite"));
  await expect(invitee.getByText(`Choose a password for ${person.email}`)).toBeVisible();
  await setUp.setPassword(password);
  await expect(invitee).toHaveURL(onPath("/admin"));
  await new AppShell(invitee).expectSignedInAs(person.name);
  return { ...person, password };
}

async function otherBrowser(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("an Administrator invites a Staff user, who sets a password and cannot open Staff Users", async ({
  page,
  browser,
  mailbox,
}) => {
  const invitee = await otherBrowser(browser);
  const tom = await inviteStaffUser(page, invitee, mailbox);

  // The Administrator sees the invite accepted.
  const staffUsers = new StaffUsersPage(page);
  await staffUsers.goto();
  await expect(staffUsers.row(tom.name)).toContainText("Active");
  await expect(staffUsers.row(tom.name)).toContainText("Staff");

  // The Staff role: no Staff Users in the Settings menu, and the page refuses.
  const shell = new AppShell(invitee);
  await shell.navigation.getByRole("button", { name: "Settings" }).click();
  await expect(shell.navigation.getByRole("link", { name: "Client Users" })).toBeVisible();
  await expect(shell.navigation.getByRole("link", { name: "Staff Users" })).toHaveCount(0);
  const refused = await invitee.goto("/admin/settings/staff-users");
  expect(refused?.status()).toBe(403);
  await expect(invitee.getByRole("main").getByRole("status")).toContainText(ONLY_ADMINISTRATORS);
  await expect(invitee.getByRole("table", { name: "Staff users" })).toHaveCount(0);

  // Client Users is read-only for them.
  await invitee.goto("/admin/settings/client-users");
  await waitForHydration(invitee);
  await expect(invitee.getByText("Only Administrators can change access levels.")).toBeVisible();
  await expect(invitee.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(invitee.getByRole("heading", { name: "Add an access level" })).toHaveCount(0);

  // Deactivating signs them out at once.
  const row = staffUsers.row(tom.name);
  await row.getByRole("button", { name: "Deactivate" }).click();
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(staffUsers.row(tom.name)).toContainText("Deactivated");
  await invitee.goto("/admin");
  await new LoginPage(invitee).expectShown("/admin");
  await invitee.context().close();
});

test("changing the password ends the other sessions; the new password works and the old one does not", async ({
  page,
  browser,
  mailbox,
}) => {
  const second = await otherBrowser(browser);
  const tom = await inviteStaffUser(page, second, mailbox);
  // Tom signs in again in a third browser: two sessions of his are open.
  const mine = await otherBrowser(browser);
  await signIn(mine, tom, "/admin");
  await mine.goto("/admin/account");
  await waitForHydration(mine);
  const account = new AccountSections(mine);
  await account.expectSessions(2);

  // The current password is checked first.
  await account.change("not my password", strongPassword());
  await expect(mine.getByRole("region", { name: "Change password" })).toContainText(
    "That is not your current password.",
  );

  const next = strongPassword();
  await account.change(tom.password, next);
  await expect(mine.getByRole("status").filter({ hasText: "Your password was changed" })).toContainText(
    "your 1 other session was signed out",
  );
  await account.expectSessions(1);

  // The other browser is signed out; the old password no longer works, the new one does.
  await second.goto("/admin");
  await new LoginPage(second).expectShown("/admin");
  const login = new LoginPage(second);
  await login.signIn(tom.email, tom.password);
  await expect(login.error).toContainText("Incorrect email or password.");
  await login.signIn(tom.email, next);
  await expect(second).toHaveURL(onPath("/admin"));
  await second.context().close();
  await mine.context().close();
});

test("Sign out other sessions ends a second browser's session and keeps this one", async ({
  page,
  browser,
  mailbox,
}) => {
  const second = await otherBrowser(browser);
  const tom = await inviteStaffUser(page, second, mailbox);
  const mine = await otherBrowser(browser);
  await signIn(mine, tom, "/admin");
  await mine.goto("/admin/account");
  await waitForHydration(mine);
  const account = new AccountSections(mine);
  await account.expectSessions(2);

  await account.signOutOthers.click();
  await expect(mine.getByRole("status").filter({ hasText: "Signed out 1 other session." })).toBeVisible();
  await account.expectSessions(1);

  await second.reload();
  await new LoginPage(second).expectShown("/admin");
  // This browser stays signed in.
  await mine.reload();
  await expect(mine.getByRole("heading", { level: 1, name: "My Account" })).toBeVisible();
  await second.context().close();
  await mine.context().close();
});
