import type { Browser, Page } from "@playwright/test";
import { newPerson, personName } from "../fixtures/contact-sign-in";
import { LoginPage } from "../fixtures/login-page";
import { SUBJECTS } from "../fixtures/mailbox";
import { ForgotPasswordPage, PASSWORD_CHANGED_NOTICE, strongPassword } from "../fixtures/password-pages";
import { ContactFormPage } from "../fixtures/portal-contacts";
import { contacts, expect, staff, test } from "../fixtures";

// The forms reached while signed out, and the portal's Add and Edit Contact,
// work as plain HTML forms: before the WebAssembly loads, or with JavaScript
// off. Each test here runs in a browser with JavaScript disabled.

const onPath = (path: string) => (url: URL) => url.pathname === path;

async function withoutJavaScript<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

test("without JavaScript: an invite link sets a password, and Forgot password? resets it", async ({
  page,
  browser,
  accessPanel,
  mailbox,
}) => {
  // Staff (with JavaScript) add a contact and send the invite.
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAs(staff);
  await expect(page).toHaveURL(onPath("/admin"));
  await accessPanel.open("Pawnee Parks Dept.");
  const jerry = newPerson("Jerry", "Gergich");
  const before = await mailbox.mark();
  await accessPanel.addContact(jerry, { invite: true });
  const invite = await mailbox.waitFor({ to: jerry.email, subject: SUBJECTS.invite, after: before });

  await withoutJavaScript(browser, async (plain) => {
    // The invite: a refused password comes back next to the field; then it works.
    await plain.goto(invite.link("/accept-invite"));
    await expect(plain.getByRole("heading", { level: 1, name: "Set up your sign-in" })).toBeVisible();
    await plain.getByLabel("New password").fill("short");
    await plain.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(plain.locator("#new-password-error")).toContainText("Use at least 8 characters");
    await expect(plain).toHaveURL(onPath("/accept-invite"));
    const first = strongPassword();
    await plain.getByLabel("New password").fill(first);
    await plain.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(plain).toHaveURL(onPath("/portal"));
    await expect(plain.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
    await expect(plain.getByRole("banner")).toContainText(personName(jerry));

    // Signed out, "Forgot password?": a mistyped address is refused and kept.
    await plain.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(plain).toHaveURL(onPath("/login"));
    await plain.goto("/forgot-password");
    const forgot = new ForgotPasswordPage(plain);
    await expect(forgot.heading).toBeVisible();
    await forgot.email.fill("jerry-at-pawnee");
    await forgot.submit.click();
    await expect(plain.locator("#forgot-email-error")).toContainText("Enter a valid email address");
    await expect(forgot.email).toHaveValue("jerry-at-pawnee");

    const sent = await mailbox.mark();
    await forgot.email.fill(jerry.email);
    await forgot.submit.click();
    await expect(forgot.sent).toHaveText(ForgotPasswordPage.answer(jerry.email));
    const reset = await mailbox.waitFor({ to: jerry.email, subject: SUBJECTS.reset, after: sent });

    // The reset link: the new password is set, and the old one stops working.
    await plain.goto(reset.link("/reset-password"));
    await expect(plain.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    const second = strongPassword();
    await plain.getByLabel("New password").fill(second);
    await plain.getByRole("button", { name: "Change password" }).click();
    await expect(plain).toHaveURL(
      (url) => url.pathname === "/login" && url.searchParams.get("notice") === "password-changed",
    );
    await expect(plain.getByRole("status").filter({ hasText: PASSWORD_CHANGED_NOTICE })).toBeVisible();

    const signIn = new LoginPage(plain);
    await signIn.signIn(jerry.email, first);
    await expect(signIn.error).toContainText("Incorrect email or password.");
    // The address typed is still there after the refusal.
    await expect(signIn.email).toHaveValue(jerry.email);
    await signIn.password.fill(second);
    await signIn.submit.click();
    await expect(plain).toHaveURL(onPath("/portal"));
  });
});

test("without JavaScript: a contact adds and edits a contact; a refused save keeps what was typed", async ({
  browser,
}) => {
  await withoutJavaScript(browser, async (plain) => {
    const login = new LoginPage(plain);
    await login.goto();
    await login.signInAs(contacts.demoOwner);
    await expect(plain).toHaveURL(onPath("/portal"));

    const form = new ContactFormPage(plain);
    await plain.goto("/portal/contacts/new");
    await expect(form.heading("Add Contact")).toBeVisible();
    const person = newPerson("Ben", "Wyatt");
    await form.fill({ lastName: person.lastName, email: person.email, phone: "(317) 555-0199" });
    await form.save.click();
    // Refused: the first name is missing. The error is next to it; the rest was kept.
    await expect(form.heading("Add Contact")).toBeVisible();
    await form.expectFieldError(form.firstName, "Enter the contact's first name.");
    await expect(form.lastName).toHaveValue(person.lastName);
    await expect(form.email).toHaveValue(person.email);
    await expect(form.phone).toHaveValue("(317) 555-0199");

    await form.firstName.fill(person.firstName);
    await form.save.click();
    await expect(plain).toHaveURL((url) => /^\/portal\/contacts\/\d+$/.test(url.pathname));
    await expect(plain.getByRole("status").filter({ hasText: `Added ${personName(person)}.` })).toBeVisible();
    await expect(plain.getByRole("heading", { level: 1, name: personName(person) })).toBeVisible();

    // Edit: the saved values are in the form as the server sent it.
    await plain.getByRole("link", { name: "Edit" }).click();
    await expect(form.heading("Edit Contact")).toBeVisible();
    await expect(form.firstName).toHaveValue(person.firstName);
    await expect(form.phone).toHaveValue("(317) 555-0199");
    await form.phone.fill("(317) 555-0200");
    await form.save.click();
    await expect(plain.getByRole("status").filter({ hasText: `Saved ${personName(person)}.` })).toBeVisible();
    await expect(plain.getByRole("main")).toContainText("(317) 555-0200");
  });
});
