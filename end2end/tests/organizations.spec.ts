import { OrganizationPage } from "../fixtures/organization-page";
import { contacts, expect, staff, test } from "../fixtures";

const GANDALF = contacts.gandalf;

test.beforeEach(async ({ loginPage, page }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(/\/admin$/);
});

test("the customer list searches and sorts from the URL", async ({ page }) => {
  await page.getByLabel("Search customers").fill("pawnee");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=pawnee/);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2); // header + Pawnee
  await expect(page.getByRole("link", { name: "Pawnee Parks Dept." })).toBeVisible();

  await page.goto("/admin?sort=name&q=");
  await expect(page.getByRole("link", { name: "Demo Company" })).toBeVisible();
  await expect(page.getByRole("table").getByRole("rowheader").first()).toHaveText("Demo Company");
});

test("revoking Gandalf's access stops him signing in", async ({ page, loginPage, browser }) => {
  const org = new OrganizationPage(page);
  await org.open("Middle Earth Tech Solutions");
  await expect(page.getByRole("heading", { name: "ADDRESS" })).toBeVisible();
  // The customer's page is still part of "Customers" in the navigation.
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("CLICK TO EXPAND").first()).toBeVisible();
  await org.expand("Gandalf The Grey");
  const card = org.card("Gandalf The Grey");
  await card.getByLabel("Profile").selectOption({ label: "Revoke Access" });
  await expect(card.getByText("Unsaved changes")).toBeVisible();
  await card.getByRole("button", { name: "Save", exact: true }).click();
  await expect(card.getByRole("status")).toHaveText("Saved.");

  try {
    const other = await browser.newContext();
    const gandalf = await other.newPage();
    await gandalf.goto("/login");
    await gandalf.getByLabel("Email", { exact: true }).fill(GANDALF.email);
    await gandalf.getByLabel("Password").fill(GANDALF.password);
    await gandalf.getByRole("button", { name: "Sign in" }).click();
    await expect(gandalf.getByRole("alert")).toContainText("not active");
    await expect(gandalf).toHaveURL(/\/login/);
    await other.close();
  } finally {
    // Give Gandalf his level back so other tests can sign in as him.
    await card.getByLabel("Profile").selectOption({ label: "Administrator" });
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await expect(card.getByRole("status")).toHaveText("Saved.");
  }
});

test("Undo Changes restores an unsaved edit", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Middle Earth Tech Solutions");
  await org.expand("Samwise Gamgee");
  const card = org.card("Samwise Gamgee");
  const phone = card.getByLabel("Phone");
  const saved = await phone.inputValue();
  await phone.fill("555-9999");
  await expect(card.getByText("Unsaved changes")).toBeVisible();
  await card.getByRole("button", { name: "Undo Changes" }).click();
  await expect(phone).toHaveValue(saved);
  await expect(card.getByText("Unsaved changes")).toBeHidden();
});

test("an invalid email is refused at the field and nothing is saved", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Middle Earth Tech Solutions");
  await org.expand("Samwise Gamgee");
  const card = org.card("Samwise Gamgee");
  await card.getByLabel("Email", { exact: true }).fill("not-an-email");
  await card.getByRole("button", { name: "Save", exact: true }).click();
  await expect(card.getByText("Enter a valid email address")).toBeVisible();
  await page.reload();
  await expect(org.card("Samwise Gamgee")).toContainText("samwise@test.com");
});

test("Find Contact narrows the list and Sort By reorders it", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Middle Earth Tech Solutions");
  await expect(org.contacts.getByRole("listitem")).toHaveCount(2);
  await org.findContact.fill("sam");
  await expect(org.contacts.getByRole("listitem")).toHaveCount(1);
  await expect(org.card("Samwise Gamgee")).toBeVisible();
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(org.contacts.getByRole("listitem")).toHaveCount(2);

  await expect.poll(() => org.cardNames()).toEqual(["Gandalf The Grey", "Samwise Gamgee"]);
  await org.sortBy.selectOption({ label: "Name (Z–A)" });
  await expect.poll(() => org.cardNames()).toEqual(["Samwise Gamgee", "Gandalf The Grey"]);
});

test("the star adds a contact to the default notification emails", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Pawnee Parks Dept.");
  await expect(org.defaults).toContainText("Leslie Knope");
  await expect(org.defaults).not.toContainText("Ron Swanson");
  const star = page.getByRole("button", { name: "Default notification contact: Ron Swanson" });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect(org.defaults).toContainText("Ron Swanson");
  await page.reload();
  await expect(org.defaults).toContainText("Ron Swanson");
  // And off again from the list itself, leaving the demo data as it was.
  await page.waitForSelector("body[data-hydrated]");
  await page.getByRole("button", { name: "Remove Ron Swanson from default notification emails" }).click();
  await expect(org.defaults).not.toContainText("Ron Swanson");
});

test("an organization note survives a reload", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Pawnee Parks Dept.");
  await expect(org.notes).toHaveValue("until October, our new contact will be Bob from accounting.");
  const note = `Call before noon (${Date.now()}).`;
  await org.notes.fill(note);
  await page.getByRole("button", { name: "Save notes" }).click();
  await expect(page.getByText("Notes saved.")).toBeVisible();
  await page.reload();
  await expect(org.notes).toHaveValue(note);
});

test("staff add a contact from the panel", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open("Demo Company");
  await page.getByRole("button", { name: "Add Contact" }).click();
  const form = page.getByRole("form", { name: "Add a contact" });
  await form.getByLabel("First name").fill("Frodo");
  await form.getByLabel("Last name").fill("Baggins");
  const email = `frodo.${Date.now()}@shire.example`;
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Profile").selectOption({ label: "Basic" });
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(org.card("Frodo Baggins")).toBeVisible();
  await expect(org.card("Frodo Baggins")).toContainText(email);
});
