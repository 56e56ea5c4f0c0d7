import { expect, staff, test } from "../fixtures";
import { EmailHistoryDrawer } from "../fixtures/email-history";
import { LoginPage } from "../fixtures/login-page";
import { OrganizationPage } from "../fixtures/organization-page";

const PAWNEE = "Pawnee Parks Dept.";

test.beforeEach(async ({ loginPage, page }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(/\/admin$/);
});

test("Send Account Summary, then the Email History shows it delivered with its events, View and Resend", async ({
  page,
}) => {
  const org = new OrganizationPage(page);
  await org.open(PAWNEE);

  await page.getByRole("button", { name: "Send Account Summary" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Account summary queued for Leslie Knope." })).toBeVisible();

  await page.getByRole("button", { name: "View Email History" }).click();
  const history = new EmailHistoryDrawer(page, PAWNEE);
  await history.waitForList();
  const newest = history.row();
  await expect(newest).toContainText(`Account summary for ${PAWNEE}`);
  await expect(newest).toContainText("lknope@pawnee-indiana.gov");
  // The worker delivers it in the background; the drawer follows the status live.
  await expect(history.status(newest)).toHaveText("Delivered", { timeout: 15_000 });

  const trail = await history.expand(newest);
  for (const event of ["QueueTriggeredEvent", "QueuedEvent", "ProcessEvent", "DeliveredEvent"]) {
    await expect(trail).toContainText(event);
  }
  await expect(trail).toContainText(`Send Account Summary by ${staff.name}`);

  const newestId = await newest.getAttribute("data-email-id");
  const countBefore = await history.emails.count();

  await newest.getByRole("button", { name: "View" }).click();
  await expect(history.dialog.getByRole("heading", { name: `Account summary for ${PAWNEE}` })).toBeVisible();
  const text = history.dialog.getByTestId("email-text");
  await expect(text).toContainText(`Here is the account summary for ${PAWNEE}`);
  await expect(text).toContainText("INV-1002");
  await expect(text).toContainText("Balance due:");
  await expect(history.dialog.getByTitle("HTML version of the email")).toBeVisible();
  await history.dialog.getByRole("button", { name: "Back to Emails" }).click();

  await history.row().getByRole("button", { name: "Resend" }).click();
  await expect(history.dialog.getByRole("status").filter({ hasText: "Resent: a new email to lknope@pawnee-indiana.gov is queued." })).toBeVisible();
  await expect(history.emails).toHaveCount(Math.min(countBefore + 1, 25));
  const resent = history.row();
  await expect(resent).toContainText(`Resend of #${newestId}`);
  await expect(history.status(resent)).toHaveText("Delivered", { timeout: 15_000 });
  await history.close();
  await expect(page.getByRole("button", { name: "View Email History" })).toBeFocused();
});

test("a contact's View Email History shows only that contact's emails", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open(PAWNEE);
  // Something for Leslie, so the organization's history is not only Ron's.
  await page.getByRole("button", { name: "Send Account Summary" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Account summary queued" })).toBeVisible();

  const ron = org.card("Ron Swanson");
  await ron.getByRole("button", { name: "Email", exact: true }).click();
  await ron.getByRole("button", { name: "Send Welcome Email" }).click();
  await expect(ron.getByRole("status")).toContainText("queued for rswanson@pawnee-indiana.gov");

  await ron.getByRole("button", { name: "Email", exact: true }).click();
  await ron.getByRole("button", { name: "View Email History" }).click();
  const history = new EmailHistoryDrawer(page, "Ron Swanson");
  await history.waitForList();
  await expect(history.row()).toContainText("Welcome to the customer portal");
  const rows = await history.emails.count();
  expect(rows).toBeGreaterThan(0);
  for (let i = 0; i < rows; i++) {
    await expect(history.emails.nth(i)).toContainText("rswanson@pawnee-indiana.gov");
    await expect(history.emails.nth(i)).not.toContainText("lknope@pawnee-indiana.gov");
  }
  await expect(history.status(history.row())).toHaveText("Delivered", { timeout: 15_000 });
  await history.close();
});

test("Send Account Summary explains what to do when nobody is a default notification contact", async ({ page }) => {
  const org = new OrganizationPage(page);
  await org.open(PAWNEE);
  const star = page.getByRole("button", { name: "Default notification contact: Leslie Knope" });
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "false");
  try {
    await page.getByRole("button", { name: "Send Account Summary" }).click();
    await expect(page.getByRole("alert")).toContainText("No one receives account notices for this organization yet.");
  } finally {
    await star.click();
    await expect(star).toHaveAttribute("aria-pressed", "true");
  }
});

test("a template mistake is reported at its field when saving, and Preview fills in sample data", async ({ page }) => {
  const nav = page.getByRole("navigation", { name: "Main" });
  await page.waitForSelector("body[data-hydrated]");
  await nav.getByRole("button", { name: "Settings" }).click();
  await nav.getByRole("link", { name: "Email Templates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email Templates" })).toBeVisible();
  await page.getByRole("link", { name: "Welcome Email" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome Email" })).toBeVisible();
  await page.waitForSelector("body[data-hydrated]");

  const html = page.getByLabel("HTML body");
  await html.fill("<p>Hello {{ contcat.first_name }}</p>");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(html).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#template-html-error")).toContainText('"contcat.first_name" is not a placeholder');

  await page.getByRole("button", { name: "Undo Changes" }).click();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("preview-text")).toContainText("Hello Leslie,");
  await expect(page.getByTestId("preview-subject")).toContainText("Welcome to the customer portal of");

  // Nothing was saved: the stored template still renders.
  await page.reload();
  await expect(page.getByLabel("HTML body")).toHaveValue(/contact\.first_name/);
});

test("an open Email History shows emails sent from elsewhere as they happen", async ({ page, browser }) => {
  const org = new OrganizationPage(page);
  await org.open(PAWNEE);
  await page.getByRole("button", { name: "View Email History" }).click();
  const history = new EmailHistoryDrawer(page, PAWNEE);
  await history.waitForList();
  const newestBefore = (await history.emails.count()) > 0 ? await history.row().getAttribute("data-email-id") : null;

  // A colleague sends an account summary from their own browser.
  const colleague = await browser.newContext();
  try {
    const other = await colleague.newPage();
    const login = new LoginPage(other);
    await login.goto();
    await login.signInAs(staff);
    await expect(other).toHaveURL(/\/admin$/);
    const theirs = new OrganizationPage(other);
    await theirs.open(PAWNEE);
    await other.getByRole("button", { name: "Send Account Summary" }).click();
    await expect(other.getByRole("status").filter({ hasText: "Account summary queued" })).toBeVisible();
  } finally {
    await colleague.close();
  }

  // No reload, no click: the live feed brings the new email and its status.
  const newest = history.row();
  await expect(newest).not.toHaveAttribute("data-email-id", newestBefore ?? "none", { timeout: 15_000 });
  await expect(newest).toContainText(`Account summary for ${PAWNEE}`);
  await expect(history.status(newest)).toHaveText("Delivered", { timeout: 15_000 });
});
