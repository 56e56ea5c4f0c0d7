import type { Page } from "@playwright/test";
import { LoginPage } from "../fixtures/login-page";
import {
  ConfirmDeleteDialog,
  ContactFormPage,
  ContactsListPage,
  flash,
  fullName,
  MISSING_EDIT_CONTACT,
  type NewContact,
  SearchContactsPage,
  uniqueContact,
} from "../fixtures/portal-contacts";
import { contacts, expect, test } from "../fixtures";

// The portal's Contacts pages (Account › Contacts). Contacts added here get a
// name and email no other run uses, and are deleted again by the test that
// added them.

const GANDALF = contacts.gandalf;
const SAMWISE = contacts.samwise;

const onPath = (path: string) => (url: URL) => url.pathname === path;

/** Contacts › Add Contact, filled in and saved; returns the new contact's id. */
async function addContact(page: Page, contact: NewContact): Promise<number> {
  const list = new ContactsListPage(page);
  const form = new ContactFormPage(page);
  await list.goto();
  await list.addLink.click();
  await expect(page).toHaveURL(onPath("/portal/contacts/new"));
  await expect(form.heading("Add Contact")).toBeVisible();
  await form.expectReady();
  await form.fill(contact);
  await form.save.click();

  await expect(page).toHaveURL(/\/portal\/contacts\/\d+$/);
  await expect(flash(page, "Added")).toHaveText(`Added ${fullName(contact)}.`);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

/** Deletes a contact this test added, from the Contacts list. */
async function deleteContact(page: Page, contact: NewContact) {
  const list = new ContactsListPage(page);
  await list.goto();
  if ((await list.contacts.row(fullName(contact)).count()) > 0) {
    await list.deleteContact(fullName(contact));
  }
}

test.describe("Gandalf, whose Admin Access includes Edit Contact", () => {
  test.beforeEach(async ({ loginPage }) => {
    await loginPage.signInToPortal(GANDALF);
  });

  test("Account › Contacts lists the organization's contacts", async ({
    page,
    shell,
    contactsPage,
  }) => {
    await shell.openContacts();
    await contactsPage.expectShown();
    await expect(shell.accountMenu).toHaveAttribute("aria-expanded", "false");

    await expect(contactsPage.searchLink).toHaveAttribute("href", "/portal/contacts/search");
    await expect(contactsPage.addLink).toHaveAttribute("href", "/portal/contacts/new");

    const table = contactsPage.contacts.table;
    await expect(table.getByRole("columnheader")).toHaveText([
      "Title",
      "Name",
      "Phone",
      "Email",
      "Actions",
    ]);
    // "Actions" is for screen readers; the column shows no header text.
    await expect(table.getByRole("columnheader").last()).toHaveText("Actions");
    await expect(table.getByRole("columnheader").last().getByText("Actions")).toHaveClass(
      /visually-hidden/,
    );

    const own = contactsPage.contacts.row(GANDALF.name);
    await expect(own.getByRole("cell").nth(0)).toHaveText("Mr.");
    await expect(own.getByRole("cell").nth(1)).toHaveText("555-0100");
    await expect(own.getByRole("cell").nth(2)).toHaveText(GANDALF.email);
    await expect(own.getByRole("rowheader")).toContainText("You");
    const sam = contactsPage.contacts.row(SAMWISE.name);
    await expect(sam).toContainText(SAMWISE.email);
    await expect(sam.getByRole("rowheader")).not.toContainText("You");
    // Only Middle Earth's contacts.
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table).not.toContainText(contacts.leslie.name);

    // A name is the way to View.
    await contactsPage.contacts.nameLink(SAMWISE.name).click();
    await expect(page.getByRole("heading", { level: 1, name: SAMWISE.name })).toBeVisible();
  });

  test("Gandalf's own row offers View and Edit but never Delete", async ({ contactsPage }) => {
    await contactsPage.goto();

    const own = await contactsPage.contacts.openActions(GANDALF.name);
    await expect(own.getByRole("link", { name: "View" })).toBeVisible();
    await expect(own.getByRole("link", { name: "Edit" })).toBeVisible();
    await expect(own.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await contactsPage.contacts.closeActions(GANDALF.name);

    // Another contact's row does offer Delete.
    const other = await contactsPage.contacts.openActions(SAMWISE.name);
    await expect(other.getByRole("link", { name: "Edit" })).toBeVisible();
    await expect(other.getByRole("button", { name: "Delete" })).toBeVisible();
  });

  test("a new contact is shown on View and found by Search Contacts by name and status", async ({
    page,
    contactView,
    contactForm,
    searchPage,
  }) => {
    const rosie = uniqueContact("Rosie", { permissions: "Billing — Access Billing" });
    const name = fullName(rosie);
    try {
      await addContact(page, rosie);

      // View Contact shows what was entered.
      await expect(contactView.heading(name)).toBeVisible();
      await contactView.expectDetails({
        Title: "Ms.",
        Name: name,
        Phone: "555-0199",
        Email: rosie.email,
        Status: "Active",
        "Permission level": "Billing",
      });
      await expect(contactView.permissionList.getByRole("listitem")).toHaveText(["Access Billing"]);

      // Search Contacts: Active finds the new contact, Inactive does not.
      await page.getByRole("main").getByRole("link", { name: "Contacts", exact: true }).click();
      await page.getByRole("main").getByRole("link", { name: "Search Contacts" }).click();
      await expect(searchPage.heading).toBeVisible();
      await expect(searchPage.hint).toBeVisible();
      await expect(searchPage.contacts.table).toHaveCount(0);

      await searchPage.search(rosie.lastName, "Active");
      await searchPage.expectSearchUrl(rosie.lastName, "Active");
      await expect(searchPage.contacts.row(name)).toBeVisible();
      await expect(searchPage.contacts.table.getByRole("row")).toHaveCount(2);
      await expect(searchPage.name).toHaveValue(rosie.lastName);
      await expect(searchPage.status).toHaveValue("active");

      await searchPage.search(rosie.lastName, "Inactive");
      await searchPage.expectSearchUrl(rosie.lastName, "Inactive");
      await expect(searchPage.noMatch(rosie.lastName, "Inactive")).toBeVisible();
      await expect(searchPage.contacts.table).toHaveCount(0);

      // Make them Inactive from the search results; Save comes back to the search.
      await searchPage.search(rosie.lastName, "Active");
      await expect(searchPage.contacts.row(name)).toBeVisible();
      const menu = await searchPage.contacts.openActions(name);
      await menu.getByRole("link", { name: "Edit" }).click();
      await expect(contactForm.heading("Edit Contact")).toBeVisible();
      await contactForm.expectReady();
      await expect(contactForm.status).toHaveValue("active");
      await contactForm.status.selectOption({ label: "Inactive" });
      await contactForm.save.click();

      await searchPage.expectSearchUrl(rosie.lastName, "Active");
      await expect(flash(page, "Saved")).toHaveText(`Saved ${name}.`);
      await expect(searchPage.noMatch(rosie.lastName, "Active")).toBeVisible();

      // Now Inactive finds them, marked Inactive; so does All.
      await searchPage.search(rosie.lastName, "Inactive");
      await searchPage.expectSearchUrl(rosie.lastName, "Inactive");
      const row = searchPage.contacts.row(name);
      await expect(row).toBeVisible();
      await expect(row.getByRole("rowheader")).toContainText("Inactive");

      await searchPage.search(rosie.lastName, "All");
      await searchPage.expectSearchUrl(rosie.lastName, "All");
      await expect(searchPage.contacts.row(name)).toBeVisible();
    } finally {
      await deleteContact(page, rosie);
    }
  });

  test("Search Contacts opened from a typed address shows that search", async ({
    searchPage,
  }) => {
    await searchPage.goto({ name: "gamgee", status: "active" });
    await expect(searchPage.name).toHaveValue("gamgee");
    await expect(searchPage.status).toHaveValue("active");
    await expect(searchPage.contacts.row(SAMWISE.name)).toBeVisible();
    await expect(searchPage.contacts.row(GANDALF.name)).toHaveCount(0);

    await searchPage.goto({ name: "gamgee", status: "inactive" });
    await expect(searchPage.status).toHaveValue("inactive");
    await expect(searchPage.noMatch("gamgee", "Inactive")).toBeVisible();
  });

  test("Edit from the list returns to the list; Edit on View returns to View", async ({
    page,
    contactsPage,
    contactForm,
    contactView,
  }) => {
    const merry = uniqueContact("Merry", { title: "Mr.", phone: "555-0150" });
    const name = fullName(merry);
    try {
      const id = await addContact(page, merry);

      // From the list's Actions › Edit …
      await contactsPage.goto();
      const menu = await contactsPage.contacts.openActions(name);
      await menu.getByRole("link", { name: "Edit" }).click();
      await expect(page).toHaveURL(
        (url) =>
          url.pathname === `/portal/contacts/${id}/edit` &&
          url.searchParams.get("from") === "/portal/contacts",
      );
      await expect(contactForm.heading("Edit Contact")).toBeVisible();
      await contactForm.expectReady();
      await expect(contactForm.title).toHaveValue("Mr.");
      await expect(contactForm.firstName).toHaveValue("Merry");
      await expect(contactForm.lastName).toHaveValue(merry.lastName);
      await expect(contactForm.email).toHaveValue(merry.email);
      await expect(contactForm.phone).toHaveValue("555-0150");
      await expect(contactForm.status).toHaveValue("active");
      await expect(contactForm.permissions).toBeEnabled();
      await expect(contactForm.permissions.locator("option:checked")).toHaveText(
        "No permissions — own profile only",
      );
      await contactForm.phone.fill("(317) 555-0177");
      await contactForm.save.click();

      // … Save returns to the list, which shows the change.
      await contactsPage.expectShown();
      await expect(flash(page, "Saved")).toHaveText(`Saved ${name}.`);
      await expect(contactsPage.contacts.row(name).getByRole("cell").nth(1)).toHaveText(
        "(317) 555-0177",
      );

      // From View's Edit …
      await contactsPage.contacts.nameLink(name).click();
      await expect(page).toHaveURL(onPath(`/portal/contacts/${id}`));
      await expect(contactView.heading(name)).toBeVisible();
      await contactView.editLink.click();
      await expect(page).toHaveURL(
        (url) =>
          url.pathname === `/portal/contacts/${id}/edit` &&
          url.searchParams.get("from") === `/portal/contacts/${id}`,
      );
      await contactForm.expectReady();
      await expect(contactForm.phone).toHaveValue("(317) 555-0177");
      await contactForm.title.fill("Dr.");
      await contactForm.save.click();

      // … Save returns to View, which shows the change.
      await expect(page).toHaveURL(onPath(`/portal/contacts/${id}`));
      await expect(flash(page, "Saved")).toHaveText(`Saved ${name}.`);
      await contactView.expectDetails({ Title: "Dr.", Phone: "(317) 555-0177" });
      await page.reload();
      await contactView.expectDetails({ Title: "Dr.", Phone: "(317) 555-0177" });
    } finally {
      await deleteContact(page, merry);
    }
  });

  test("on Gandalf's own contact the permission level cannot be changed", async ({
    page,
    contactsPage,
    contactForm,
  }) => {
    await contactsPage.goto();
    const menu = await contactsPage.contacts.openActions(GANDALF.name);
    await menu.getByRole("link", { name: "Edit" }).click();
    await expect(contactForm.heading("Edit Contact")).toBeVisible();
    await contactForm.expectReady();
    await expect(contactForm.email).toHaveValue(GANDALF.email);
    await expect(contactForm.permissions).toBeDisabled();
    await expect(contactForm.permissions).toHaveAccessibleDescription(
      "You cannot change your own permission level.",
    );
    await expect(page.getByText("You cannot change your own permission level.")).toBeVisible();
    await contactForm.cancel.click();
    await contactsPage.expectShown();
  });

  test("Confirm Delete: No and Escape keep the contact, Tab stays inside, Yes deletes", async ({
    page,
    contactsPage,
  }) => {
    const pippin = uniqueContact("Pippin", { title: "Mr." });
    const name = fullName(pippin);
    const dialog = new ConfirmDeleteDialog(page);
    const askToDelete = async () => {
      const menu = await contactsPage.contacts.openActions(name);
      await menu.getByRole("button", { name: "Delete" }).click();
      await dialog.expectAsking(name);
    };
    try {
      await addContact(page, pippin);
      await contactsPage.goto();

      // No closes the dialog and deletes nothing.
      await askToDelete();
      await expect(dialog.no).toBeFocused();
      await dialog.no.click();
      await expect(dialog.dialog).toBeHidden();
      await expect(contactsPage.contacts.row(name)).toBeVisible();
      // Focus is back on the row's Actions button, not lost on the page.
      await expect(
        contactsPage.contacts.row(name).getByRole("button", { name: "Actions" }),
      ).toBeFocused();

      // Focus starts on No; Tab and Shift+Tab wrap between No and Yes.
      await askToDelete();
      await expect(dialog.no).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(dialog.yes).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(dialog.no).toBeFocused();
      await page.keyboard.press("Shift+Tab");
      await expect(dialog.yes).toBeFocused();
      await page.keyboard.press("Shift+Tab");
      await expect(dialog.no).toBeFocused();

      // Escape closes it and deletes nothing.
      await page.keyboard.press("Escape");
      await expect(dialog.dialog).toBeHidden();
      await expect(contactsPage.contacts.row(name)).toBeVisible();
      await expect(
        contactsPage.contacts.row(name).getByRole("button", { name: "Actions" }),
      ).toBeFocused();
      await page.reload();
      await contactsPage.expectShown();
      await expect(contactsPage.contacts.row(name)).toBeVisible();
      await page.waitForSelector("body[data-hydrated]");

      // Yes deletes.
      await askToDelete();
      await dialog.yes.click();
      await expect(dialog.dialog).toBeHidden();
      await expect(contactsPage.contacts.row(name)).toHaveCount(0);
      await expect(flash(page, "Deleted")).toHaveText(`Deleted ${name}.`);
      await page.reload();
      await contactsPage.expectShown();
      await expect(contactsPage.contacts.row(name)).toHaveCount(0);
    } finally {
      await deleteContact(page, pippin);
    }
  });

  test("Add Contact refuses an empty first name, a bad email and a taken email at the field", async ({
    page,
    contactsPage,
    contactForm,
  }) => {
    const frodo = uniqueContact("Frodo");
    await contactForm.gotoNew();
    await contactForm.expectReady();
    await expect(contactForm.permissions.locator("option")).toContainText([
      "No permissions — own profile only",
      "Billing — Access Billing",
    ]);

    await contactForm.fill({ ...frodo, firstName: "" });
    await contactForm.save.click();
    await contactForm.expectFieldError(contactForm.firstName, "Enter the contact's first name.");
    await expect(page).toHaveURL(onPath("/portal/contacts/new"));

    await contactForm.firstName.fill(frodo.firstName);
    await contactForm.email.fill("not-an-email");
    await contactForm.save.click();
    await contactForm.expectFieldError(
      contactForm.email,
      "Enter a valid email address, like name@example.com.",
    );
    await expect(contactForm.firstName).not.toHaveAttribute("aria-invalid", "true");

    // Checked by the server: Samwise already has this address.
    await contactForm.email.fill(SAMWISE.email);
    await contactForm.save.click();
    await contactForm.expectFieldError(
      contactForm.email,
      "Another person already uses this email address.",
    );
    await expect(page).toHaveURL(onPath("/portal/contacts/new"));

    // Nothing was added.
    await contactsPage.goto();
    await expect(contactsPage.contacts.row(fullName(frodo))).toHaveCount(0);
  });
});

test.describe("Samwise, whose Basic level has no permissions", () => {
  test.beforeEach(async ({ loginPage }) => {
    await loginPage.signInToPortal(SAMWISE);
  });

  test("sees the contacts, with only View in Actions and no Add Contact", async ({
    page,
    shell,
    contactsPage,
    contactView,
  }) => {
    await shell.openContacts();
    await contactsPage.expectShown();
    await expect(contactsPage.searchLink).toBeVisible();
    await expect(contactsPage.addLink).toHaveCount(0);

    await expect(contactsPage.contacts.row(SAMWISE.name).getByRole("rowheader")).toContainText(
      "You",
    );
    for (const name of [GANDALF.name, SAMWISE.name]) {
      const menu = await contactsPage.contacts.openActions(name);
      await expect(menu.getByRole("listitem")).toHaveCount(1);
      await expect(menu.getByRole("link", { name: "View" })).toBeVisible();
      await expect(menu.getByRole("link", { name: "Edit" })).toHaveCount(0);
      await expect(menu.getByRole("button", { name: "Delete" })).toHaveCount(0);
      await contactsPage.contacts.closeActions(name);
    }

    // View works, without Edit.
    await contactsPage.contacts.nameLink(GANDALF.name).click();
    await expect(contactView.heading(GANDALF.name)).toBeVisible();
    await contactView.expectDetails({ Email: GANDALF.email });
    await expect(contactView.editLink).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);
  });

  test("Add Contact and Edit Contact explain the missing permission", async ({
    page,
    contactsPage,
    contactForm,
  }) => {
    await contactsPage.goto();
    const gandalfId = await contactsPage.contacts.contactId(GANDALF.name);

    const add = await page.goto("/portal/contacts/new");
    expect(add?.status()).toBe(403);
    await expect(contactForm.heading("Add Contact")).toBeVisible();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(MISSING_EDIT_CONTACT);
    await expect(contactForm.save).toHaveCount(0);
    await expect(contactForm.firstName).toHaveCount(0);

    const edit = await page.goto(`/portal/contacts/${gandalfId}/edit?from=%2Fportal%2Fcontacts`);
    expect(edit?.status()).toBe(403);
    await expect(contactForm.heading("Edit Contact")).toBeVisible();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(MISSING_EDIT_CONTACT);
    await expect(contactForm.save).toHaveCount(0);
    await expect(contactForm.email).toHaveCount(0);
  });
});

test("Search Contacts is a plain form that works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAs(GANDALF);
    await expect(page).toHaveURL(onPath("/portal"));

    const search = new SearchContactsPage(page);
    await search.goto();
    await search.search("gamgee", "Active");
    await expect(page).toHaveURL(
      (url) =>
        url.pathname === "/portal/contacts/search" &&
        url.searchParams.get("name") === "gamgee" &&
        url.searchParams.get("status") === "active",
    );
    // The results are in the page the server sends; no script has to put them there.
    await expect(search.contacts.row(SAMWISE.name)).toBeVisible();
    await expect(search.contacts.row(GANDALF.name)).toHaveCount(0);

    await search.search("gamgee", "Inactive");
    await expect(search.noMatch("gamgee", "Inactive")).toBeVisible();
  } finally {
    await context.close();
  }
});
