import type { Browser } from "@playwright/test";
import { MISSING_ACCESS_BILLING } from "../fixtures/billing-page";
import { ClientUsersPage } from "../fixtures/client-users-page";
import { LoginPage } from "../fixtures/login-page";
import { ContactsListPage, ContactViewPage } from "../fixtures/portal-contacts";
import { contacts, expect, staff, test, type Contact } from "../fixtures";

// What a contact's access level opens: the portal navigation, Billing, and
// nothing of another organization's, whatever the address says.

const NOT_FOUND = "We couldn't find that. It may have been removed.";

/** Runs `work` with staff signed in in a browser context of their own. */
async function asStaff(browser: Browser, work: (users: ClientUsersPage) => Promise<void>) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAs(staff);
    await expect(page).toHaveURL((url) => url.pathname === "/admin");
    await work(new ClientUsersPage(page));
  } finally {
    await context.close();
  }
}

/** A contact's id, as their own organization's Contacts list links to it. */
async function contactIdOf(browser: Browser, contact: Contact): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await new LoginPage(page).signInToPortal(contact);
    const list = new ContactsListPage(page);
    await list.goto();
    return await list.contacts.contactId(contact.name);
  } finally {
    await context.close();
  }
}

test("Billing shows the organization's invoices to a contact with Admin Access", async ({
  page,
  loginPage,
  shell,
  billingPage,
}) => {
  await loginPage.signInToPortal(contacts.gandalf);
  await expect(shell.billingLink).toBeVisible();
  await shell.billingLink.click();
  await expect(page).toHaveURL((url) => url.pathname === "/portal/billing");
  await expect(billingPage.heading).toBeVisible();
  await expect(shell.billingLink).toHaveAttribute("aria-current", "page");

  await expect(billingPage.figure("Open balance")).toHaveText("$865.50");
  await expect(billingPage.figure("Overdue")).toHaveText("$0.00");
  await expect(billingPage.figure("Open invoices")).toHaveText("1");
  await expect(billingPage.invoices.getByRole("columnheader")).toHaveText([
    "Invoice",
    "Date",
    "Due",
    "Description",
    "Amount",
    "Balance",
    "Status",
  ]);

  // Open invoices first: the paid INV-1001 is not among them.
  await expect(billingPage.openTab).toHaveAttribute("aria-current", "page");
  await billingPage.expectInvoice("INV-1007", "$865.50", "$865.50", "Open");
  await expect(billingPage.invoice("INV-1001")).toHaveCount(0);

  await page.waitForSelector("body[data-hydrated]");
  await billingPage.allTab.click();
  await expect(page).toHaveURL((url) => url.searchParams.get("show") === "all");
  await expect(billingPage.allTab).toHaveAttribute("aria-current", "page");
  await billingPage.expectInvoice("INV-1001", "$2,400.00", "$0.00", "Paid");
  await billingPage.expectInvoice("INV-1007", "$865.50", "$865.50", "Open");

  // Invoices of other organizations never show.
  await expect(billingPage.invoice("INV-1002")).toHaveCount(0);
});

test("a contact without Access Billing has no Billing link and is told why on /portal/billing", async ({
  page,
  loginPage,
  shell,
  billingPage,
}) => {
  await loginPage.signInToPortal(contacts.samwise);
  await expect(shell.accountMenu).toBeVisible();
  await expect(shell.billingLink).toHaveCount(0);

  const response = await billingPage.goto();
  expect(response?.status()).toBe(403);
  await expect(billingPage.missingPermission).toHaveText(MISSING_ACCESS_BILLING);
  await expect(billingPage.invoices).toHaveCount(0);
  await expect(page.getByRole("main")).not.toContainText("INV-");
  await expect(shell.billingLink).toHaveCount(0);
});

test("taking Access Billing from the Billing level takes Billing from a signed-in contact", async ({
  page,
  browser,
  loginPage,
  shell,
  billingPage,
}) => {
  const ron = contacts.ron;
  await loginPage.signInToPortal(ron);
  await expect(shell.billingLink).toBeVisible();
  await shell.billingLink.click();
  await expect(billingPage.heading).toBeVisible();
  await expect(billingPage.figure("Open balance")).toHaveText("$2,275.00");
  await expect(billingPage.figure("Overdue")).toHaveText("$450.00");
  await expect(billingPage.figure("Open invoices")).toHaveText("2");
  await expect(billingPage.invoice("INV-1002")).toContainText("$450.00");
  await expect(billingPage.invoice("INV-1002")).toContainText("Overdue");
  await expect(billingPage.invoice("INV-1006")).toContainText("$1,825.00");
  await expect(billingPage.invoice("INV-1004")).toHaveCount(0);
  await billingPage.goto("all");
  await expect(billingPage.invoice("INV-1004")).toContainText("Paid");

  try {
    await asStaff(browser, (users) => users.setPermission("Billing", "Access Billing", false));

    // Ron's session is unchanged, but his next page load reads his level afresh.
    const response = await billingPage.goto();
    expect(response?.status()).toBe(403);
    await expect(billingPage.missingPermission).toHaveText(MISSING_ACCESS_BILLING);
    await expect(billingPage.invoices).toHaveCount(0);
    await expect(page.getByRole("main")).not.toContainText("INV-1002");
    await expect(shell.billingLink).toHaveCount(0);

    await page.goto("/portal");
    await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
    await expect(shell.accountMenu).toBeVisible();
    await expect(shell.billingLink).toHaveCount(0);
  } finally {
    // Give the level its permission back so other tests see the demo data.
    await asStaff(browser, (users) => users.setPermission("Billing", "Access Billing", true));
  }

  await billingPage.goto();
  await expect(shell.billingLink).toBeVisible();
  await expect(billingPage.invoice("INV-1002")).toBeVisible();
});

test("a contact cannot open another organization's contact by editing the address", async ({
  page,
  browser,
  loginPage,
}) => {
  const gandalf = contacts.gandalf;
  const gandalfId = await contactIdOf(browser, gandalf);

  await loginPage.signInToPortal(contacts.leslie);
  const view = new ContactViewPage(page);
  const main = page.getByRole("main");
  const expectNothingOfGandalf = async () => {
    await expect(view.error).toHaveText(NOT_FOUND);
    for (const text of ["Gandalf", "The Grey", gandalf.email, "555-0100", gandalf.organization]) {
      await expect(main).not.toContainText(text, { useInnerText: true });
    }
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  };

  await view.goto(gandalfId);
  await expect(page.getByRole("heading", { level: 1, name: "View Contact" })).toBeVisible();
  await expectNothingOfGandalf();
  await expect(view.account).toHaveCount(0);
  await expect(view.editLink).toHaveCount(0);

  await page.goto(`/portal/contacts/${gandalfId}/edit?from=%2Fportal%2Fcontacts`);
  await expect(page.getByRole("heading", { level: 1, name: "Edit Contact" })).toBeVisible();
  await page.waitForSelector("body[data-hydrated]");
  await expectNothingOfGandalf();

  // Nor does Leslie's own list reach him.
  const list = new ContactsListPage(page);
  await list.goto();
  await expect(list.contacts.row(contacts.leslie.name)).toBeVisible();
  await expect(list.contacts.row(gandalf.name)).toHaveCount(0);
});
