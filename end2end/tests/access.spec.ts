import type { Browser, Page } from "@playwright/test";
import { AppShell } from "../fixtures/app-shell";
import {
  lastLoginLine,
  newPerson,
  personName,
  type NewPerson,
} from "../fixtures/contact-sign-in";
import { expireLinks } from "../fixtures/e2e-database";
import { LoginPage } from "../fixtures/login-page";
import { SUBJECTS } from "../fixtures/mailbox";
import {
  COMMON_PASSWORD,
  ForgotPasswordPage,
  LinkProblemPage,
  PASSWORD_CHANGED_NOTICE,
  SetPasswordPage,
  strongPassword,
} from "../fixtures/password-pages";
import { contacts, expect, INCORRECT_CREDENTIALS, staff, test } from "../fixtures";

// Portal access: staff invite contacts to sign in, contacts set their password
// through the emailed link or ask for a reset, links that no longer work say
// why, the last sign-in shows for staff, and guessing passwords is slowed down.
// The tests read the emails the portal writes to its mail folder.

const PAWNEE = "Pawnee Parks Dept.";
const MIDDLE_EARTH = "Middle Earth Tech Solutions";
/** Every browser of a test runs on this machine. */
const CLIENT_IP = "127.0.0.1";

const onPath = (path: string) => (url: URL) => url.pathname === path;

async function signInAsStaff(page: Page) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAs(staff);
  await expect(page).toHaveURL(onPath("/admin"));
}

/** Runs `work` in a browser context of its own: another person at another computer. */
async function inOtherBrowser<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Sets a password through an invite link; the contact lands in their portal. */
async function acceptInvite(page: Page, link: string, person: NewPerson, password: string) {
  const invite = new SetPasswordPage(page, "invite");
  await invite.open(link);
  await invite.setPassword(password);
  await expect(page).toHaveURL(onPath("/portal"));
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
  await new AppShell(page).expectSignedInAs(personName(person));
}

/**
 * Signs in from /login, a plain HTML form: the browser posts it and the server
 * answers with the next page. Waits until the page that answer leads to has
 * loaded (the server's 429 for a locked account is checked by the Rust tests
 * of the sign-in endpoint; here the page must say so).
 */
async function signInOnce(login: LoginPage, email: string, password: string) {
  const answered = login.page.waitForResponse(
    (r) => r.request().resourceType() === "document" && r.request().method() === "GET",
  );
  await login.signIn(email, password);
  await answered;
  await login.page.waitForLoadState();
}

test("Invite All to Sign In invites only the contacts without a sign-in", async ({
  page,
  accessPanel,
  mailbox,
}) => {
  await signInAsStaff(page);
  await accessPanel.open(PAWNEE);
  const tom = newPerson("Tom", "Haverford");
  await accessPanel.addContact(tom, { invite: false });
  const card = accessPanel.card(tom);
  await expect(accessPanel.badge(card, "No sign-in")).toBeVisible();

  const before = await mailbox.mark();
  const notice = await accessPanel.inviteAll();
  // Leslie and Ron already sign in; Tom (and any other contact still without a sign-in) is invited.
  expect(notice).toMatch(
    /^Invites sent to \d+ contacts?\. Skipped \d+ who already ha(s|ve) a sign-in\.( Skipped \d+ who (is|are) inactive or revoked\.)?$/,
  );
  expect(Number(/Skipped (\d+)/.exec(notice)?.[1])).toBeGreaterThanOrEqual(2);
  await expect(accessPanel.badge(card, "Invited")).toBeVisible();
  await expect(accessPanel.badge(card, "No sign-in")).toHaveCount(0);

  const invite = await mailbox.waitFor({ to: tom.email, subject: SUBJECTS.invite, after: before });
  expect(invite.link("/accept-invite")).toMatch(/\/accept-invite\?token=[0-9a-f]{64}$/);
  // Contacts who already sign in get nothing.
  for (const signedIn of [contacts.leslie, contacts.ron]) {
    expect(await mailbox.find({ to: signedIn.email, subject: SUBJECTS.invite, after: before })).toBeNull();
  }
});

test("staff add a contact with a sign-in; the contact sets a password from the invite and lands in the portal", async ({
  page,
  browser,
  accessPanel,
  mailbox,
}) => {
  await signInAsStaff(page);
  await accessPanel.open(PAWNEE);
  const april = newPerson("April", "Ludgate");
  const before = await mailbox.mark();
  await accessPanel.addContact(april, { invite: true });

  const card = accessPanel.card(april);
  await expect(accessPanel.badge(card, "Invited")).toBeVisible();
  const signIn = await accessPanel.signIn(april);
  await expect(signIn.status).toHaveText(/^Invite sent .+; waiting for them to set a password\.$/);
  await expect(signIn.lastLogin).toHaveText("Last login: never");
  await expect(signIn.resendInvite).toBeVisible();

  const invite = await mailbox.waitFor({ to: april.email, subject: SUBJECTS.invite, after: before });
  expect(invite.body).toContain(`Hello ${april.firstName},`);
  const link = invite.link("/accept-invite");
  expect(new URL(link).searchParams.get("token")).toMatch(/^[0-9a-f]{64}$/);

  const password = strongPassword();
  await inOtherBrowser(browser, async (other) => {
    const setUp = new SetPasswordPage(other, "invite");
    await setUp.open(link);
    await expect(other.getByText(`Choose a password for ${april.email}`)).toBeVisible();

    // "Show password" shows what was typed.
    await setUp.password.fill("password1");
    await expect(setUp.password).toHaveAttribute("type", "password");
    await setUp.showPassword.check();
    await expect(setUp.password).toHaveAttribute("type", "text");

    // A common password is refused next to the field, and the link keeps working.
    await setUp.submit.click();
    await setUp.expectRefused(COMMON_PASSWORD);
    await expect(other).toHaveURL(onPath("/accept-invite"));

    await setUp.setPassword(password);
    await expect(other).toHaveURL(onPath("/portal"));
    await expect(other.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
    const shell = new AppShell(other);
    await shell.expectSignedInAs(personName(april));
    await shell.expectText(april.email);
    await shell.expectText(PAWNEE);

    // The link worked once.
    await new LinkProblemPage(other).expectShown(link, "This invite link was already used");
  });

  // Staff see the sign-in is set up.
  await page.reload();
  await expect(accessPanel.org.heading).toBeVisible();
  await page.waitForSelector("body[data-hydrated]");
  await accessPanel.showNewestFirst();
  const after = await accessPanel.signIn(april);
  await expect(after.status).toHaveText(/^Can sign in \(set up .+\)\.$/);
  await expect(after.lastLogin).toHaveText(new RegExp(`^Last login: .+ from ${CLIENT_IP.replace(/\./g, "\\.")}$`));
  await expect(after.addSignIn).toHaveCount(0);
  await expect(after.resendInvite).toHaveCount(0);
  await expect(accessPanel.card(april).locator(".badge")).toHaveCount(0);
});

test("Add Sign-In with another email changes the contact's email; a resent invite replaces the first link", async ({
  page,
  browser,
  accessPanel,
  mailbox,
}) => {
  await signInAsStaff(page);
  await accessPanel.open(PAWNEE);
  const andy = newPerson("Andy", "Dwyer");
  const before = await mailbox.mark();
  await accessPanel.addContact(andy, { invite: false });
  const card = accessPanel.card(andy);
  await expect(accessPanel.badge(card, "No sign-in")).toBeVisible();

  const signIn = await accessPanel.signIn(andy);
  await expect(signIn.status).toHaveText("No portal sign-in yet.");
  await expect(signIn.lastLogin).toHaveText("Last login: never");
  await signIn.addSignIn.click();
  await expect(signIn.useEmail(andy.email)).toBeChecked();
  await expect(signIn.otherEmail).toHaveCount(0);
  await signIn.useAnotherEmail.check();
  const signInEmail = `mouse-rat.${andy.email}`;
  await signIn.otherEmail.fill(signInEmail);
  await signIn.createAndSend.click();

  // The card now goes by the new email.
  const moved = { ...andy, email: signInEmail };
  const section = accessPanel.signInOf(moved);
  await expect(section.sentTo(signInEmail)).toBeVisible();
  await expect(accessPanel.toggle(moved)).toBeVisible();
  await expect(accessPanel.badge(accessPanel.card(moved), "Invited")).toBeVisible();
  await expect(section.status).toHaveText(/^Invite sent .+; waiting for them to set a password\.$/);

  const first = await mailbox.waitFor({ to: signInEmail, subject: SUBJECTS.invite, after: before });
  const firstLink = first.link("/accept-invite");
  expect(await mailbox.find({ to: andy.email, subject: SUBJECTS.invite, after: before })).toBeNull();

  // The change is stored, not only shown.
  await page.reload();
  await expect(accessPanel.org.heading).toBeVisible();
  await page.waitForSelector("body[data-hydrated]");
  await accessPanel.showNewestFirst();
  await expect(accessPanel.toggle(moved)).toBeVisible();
  await expect(accessPanel.card(andy)).toHaveCount(0);

  const resent = await accessPanel.signIn(moved);
  const beforeResend = await mailbox.mark();
  await resent.resendInvite.click();
  await expect(resent.useEmail(signInEmail)).toBeChecked();
  await resent.createAndSend.click();
  await expect(resent.sentTo(signInEmail)).toBeVisible();

  const second = await mailbox.waitFor({ to: signInEmail, subject: SUBJECTS.invite, after: beforeResend });
  const secondLink = second.link("/accept-invite");
  expect(secondLink).not.toBe(firstLink);

  await inOtherBrowser(browser, async (other) => {
    await new LinkProblemPage(other).expectShown(firstLink, "A newer link was sent");
    const setUp = new SetPasswordPage(other, "invite");
    await setUp.open(secondLink);
    await expect(other.getByText(`Choose a password for ${signInEmail}`)).toBeVisible();
  });
});

test("Forgot password? emails a reset link; the new password works, the old one no longer does", async ({
  page,
  loginPage,
  mailbox,
}) => {
  // Dana signs in in no other spec, so her password may change.
  const dana = contacts.dana;
  const forgot = new ForgotPasswordPage(page);

  await loginPage.goto();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await forgot.expectShown();

  // An address without an account gets the very same answer, and no email.
  const before = await mailbox.mark();
  const nobody = `nobody.${Date.now().toString(36)}@example.com`;
  await forgot.request(nobody);
  await expect(forgot.sent).toHaveText(ForgotPasswordPage.answer(nobody));

  await forgot.goto();
  await forgot.request(dana.email);
  await expect(forgot.sent).toHaveText(ForgotPasswordPage.answer(dana.email));

  const reset = await mailbox.waitFor({ to: dana.email, subject: SUBJECTS.reset, after: before });
  expect(await mailbox.find({ to: nobody, subject: /.*/, after: before })).toBeNull();
  const link = reset.link("/reset-password");

  const newPassword = strongPassword();
  const choose = new SetPasswordPage(page, "reset");
  await choose.open(link);
  await expect(page.getByText(`Choose a new password for ${dana.email}`)).toBeVisible();
  await choose.setPassword("short");
  await choose.expectRefused("Use at least 8 characters");
  await choose.setPassword(newPassword);

  await expect(page).toHaveURL(
    (url) => url.pathname === "/login" && url.searchParams.get("notice") === "password-changed",
  );
  await expect(page.getByRole("status").filter({ hasText: PASSWORD_CHANGED_NOTICE })).toBeVisible();

  await loginPage.signIn(dana.email, dana.password);
  await expect(loginPage.error).toHaveText(INCORRECT_CREDENTIALS);
  await loginPage.expectShown();

  await loginPage.goto();
  await loginPage.signIn(dana.email, newPassword);
  await expect(page).toHaveURL(onPath("/portal"));
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
  await new AppShell(page).expectSignedInAs(dana.name);

  const changed = await mailbox.waitFor({ to: dana.email, subject: SUBJECTS.passwordChanged, after: before });
  expect(changed.body).toContain(`The password for ${dana.email} was just changed.`);

  // The reset link worked once.
  await new LinkProblemPage(page).expectShown(link, "This reset link was already used");
});

test("expired invite and reset links say so", async ({ page, browser, accessPanel, mailbox }) => {
  await signInAsStaff(page);
  await accessPanel.open(PAWNEE);
  const donna = newPerson("Donna", "Meagle");
  const before = await mailbox.mark();
  await accessPanel.addContact(donna, { invite: true });
  const card = accessPanel.card(donna);
  await expect(accessPanel.badge(card, "Invited")).toBeVisible();
  const invite = await mailbox.waitFor({ to: donna.email, subject: SUBJECTS.invite, after: before });

  // Email › Send Password Reset, from the card.
  const notice = await accessPanel.sendEmail(card, "Send Password Reset");
  await expect(notice).toContainText(`queued for ${donna.email}`);
  const reset = await mailbox.waitFor({ to: donna.email, subject: SUBJECTS.reset, after: before });

  expect(expireLinks(donna.email, "invite")).toBe(1);
  expect(expireLinks(donna.email, "reset")).toBe(1);

  await inOtherBrowser(browser, async (other) => {
    const problem = new LinkProblemPage(other);
    await problem.expectShown(invite.link("/accept-invite"), "This invite link has expired");
    await problem.expectShown(reset.link("/reset-password"), "This reset link has expired");
    await problem.newLinkLink.click();
    await new ForgotPasswordPage(other).expectShown();
  });
});

test("a link with a token the portal never sent isn't valid", async ({ page }) => {
  const problem = new LinkProblemPage(page);
  const madeUp = "0123456789abcdef".repeat(4);
  await problem.expectShown(`/accept-invite?token=${madeUp}`, "This link isn't valid");
  await problem.expectShown("/reset-password?token=not-a-token", "This link isn't valid");
  await problem.expectShown("/reset-password", "This link isn't valid");
  await problem.signInLink.click();
  await new LoginPage(page).expectShown();
});

test("LAST LOGIN on Organization Details shows the latest contact to sign in, and from where", async ({
  page,
  browser,
  accessPanel,
}) => {
  await signInAsStaff(page);
  await accessPanel.open(MIDDLE_EARTH);
  await expect(accessPanel.lastLoginBy.or(accessPanel.nobodySignedIn)).toBeVisible();
  const lastBefore = (await accessPanel.lastLoginBy.count()) > 0 ? await accessPanel.lastLoginBy.textContent() : "";
  // Whoever signed in last, the other one signs in now, so the block must change.
  const contact = lastBefore?.includes(contacts.samwise.name) ? contacts.gandalf : contacts.samwise;

  await inOtherBrowser(browser, async (other) => {
    await new LoginPage(other).signInToPortal(contact);
  });

  await page.reload();
  await expect(accessPanel.org.heading).toBeVisible();
  await expect(accessPanel.lastLoginBy).toHaveText(`by ${contact.name} from ${CLIENT_IP}`);
  await expect(accessPanel.nobodySignedIn).toHaveCount(0);
  const at = (await accessPanel.lastLoginAt.textContent())?.trim() ?? "";
  expect(at).toMatch(/\d{4}/);

  await page.waitForSelector("body[data-hydrated]");
  const signIn = await accessPanel.signIn(contact);
  await expect(signIn.lastLogin).toHaveText(lastLoginLine(at, CLIENT_IP));
  await expect(signIn.status).toHaveText(/^Can sign in/);
});

test("after 10 wrong passwords the account is locked for a while, even for the right password", async ({
  page,
  browser,
  accessPanel,
  mailbox,
}) => {
  // An account of its own, so no other test meets the lock.
  await signInAsStaff(page);
  await accessPanel.open(PAWNEE);
  const jerry = newPerson("Jerry", "Gergich");
  const before = await mailbox.mark();
  await accessPanel.addContact(jerry, { invite: true });
  const invite = await mailbox.waitFor({ to: jerry.email, subject: SUBJECTS.invite, after: before });
  const password = strongPassword();
  await inOtherBrowser(browser, (other) => acceptInvite(other, invite.link("/accept-invite"), jerry, password));

  await inOtherBrowser(browser, async (other) => {
    const login = new LoginPage(other);
    await login.goto();
    for (let attempt = 1; attempt <= 10; attempt++) {
      await signInOnce(login, jerry.email, `wrong-guess-${attempt}`);
      await expect(login.error, `wrong password ${attempt}`).toHaveText(INCORRECT_CREDENTIALS);
      await expect(login.email).toHaveValue(jerry.email);
    }

    await signInOnce(login, jerry.email, password);
    await expect(login.error).toContainText("Too many sign-in attempts. Wait ");
    await login.expectShown();
    await expect(other.getByRole("heading", { level: 1, name: "My Profile" })).toHaveCount(0);
  });
});
