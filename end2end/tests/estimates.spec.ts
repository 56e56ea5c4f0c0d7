import { EstimateForm, EstimatePage } from "../fixtures/estimates";
import { contacts, expect, staff, test } from "../fixtures";

const MIDDLE_EARTH = "Middle Earth Tech Solutions";

test.beforeEach(async ({ loginPage, page }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(/\/admin$/);
  await page.waitForSelector("body[data-hydrated]");
});

test("staff create an estimate with three lines, one optional, and mark it sent", async ({ page }) => {
  // A title of its own, so a second run against the same database finds only this one.
  const title = `Office network refresh, phase ${Date.now()}`;
  const form = new EstimateForm(page);
  await form.openNew(MIDDLE_EARTH);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Order contact").selectOption({ label: `Gandalf The Grey (${contacts.gandalf.email})` });
  await page.getByLabel("Tax rate %").fill("8.25");
  await form.fillLine(1, { description: "Managed switch", quantity: "2", unit: "each", unitPrice: "649.00" });
  await form.fillLine(2, { description: "Installation", quantity: "6", unit: "hours", unitPrice: "125", taxable: false });
  await form.fillLine(3, {
    description: "Access point",
    quantity: "3",
    unit: "each",
    unitPrice: "219.00",
    discount: "10",
    optional: true,
  });
  // A fourth row, added by the button, left blank: skipped.
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(form.field(4, "description")).toBeVisible();
  await page.getByRole("button", { name: "Create estimate" }).click();

  const estimate = new EstimatePage(page);
  await expect(page).toHaveURL(/\/admin\/sales\/estimates\/\d+$/);
  await expect(estimate.heading).toHaveText(new RegExp(`^EST-\\d+ · ${title}$`));
  await expect(estimate.status()).toHaveText("Draft");
  // The optional line counts once the customer chooses it: 1,298.00 + 750.00,
  // tax 8.25% of 1,298.00 = 107.09.
  await expect(estimate.total).toHaveText("$2,155.09");
  await expect(page.getByRole("row", { name: /Access point/ })).toContainText("Optional, not included");
  await expect(page.getByRole("row", { name: /Installation/ })).toContainText("Not taxed");
  await expect(page.getByRole("table", { name: "Lines" }).getByRole("row")).toHaveCount(4);

  await page.getByRole("button", { name: "Mark as sent" }).click();
  await expect(estimate.status()).toHaveText("Sent");
  await expect(estimate.activity).toContainText("Marked the estimate sent");
  await expect(page.getByRole("button", { name: "Mark as sent" })).toHaveCount(0);

  // Found in the list by its title, with its total.
  await page.goto(`/admin/sales/estimates?q=${encodeURIComponent(title)}`);
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("Sent");
  await expect(row).toContainText("$2,155.09");
});

test("a bad quantity is refused next to its field, and nothing typed is lost", async ({ page }) => {
  const form = new EstimateForm(page);
  await form.openNew(MIDDLE_EARTH);
  await page.getByLabel("Title").fill("Cabling");
  await form.fillLine(1, { description: "Cat 6 run", quantity: "12", unitPrice: "85" });
  await form.fillLine(2, { description: "Patch panel", quantity: "1.2345", unitPrice: "140" });
  await page.getByRole("button", { name: "Create estimate" }).click();
  const quantity = form.field(2, "quantity");
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#line-1-quantity-error")).toHaveText(/at most 3 decimals/);
  await expect(page).toHaveURL(/\/estimates\/new/);
  await expect(form.field(1, "description")).toHaveValue("Cat 6 run");
  await expect(quantity).toHaveValue("1.2345");

  await quantity.fill("1.25");
  await page.getByRole("button", { name: "Create estimate" }).click();
  await expect(new EstimatePage(page).total).toHaveText("$1,195.00");
});

test("the estimate list searches and filters by status from the URL", async ({ page }) => {
  await page.goto("/admin/sales/estimates");
  await page.getByLabel("Search estimates").fill("printer");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=printer/);
  const row = page.getByRole("row", { name: /Printer fleet lease/ });
  // Sent 45 days ago, valid for 30: expired by the server's clock.
  await expect(row).toContainText("Expired");
  await expect(row.getByRole("link", { name: MIDDLE_EARTH })).toBeVisible();

  await page.goto("/admin/sales/estimates?status=declined");
  await expect(page.getByLabel("Status")).toHaveValue("declined");
  await expect(page.getByRole("row", { name: /Lot 48 fence repair/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Printer fleet lease/ })).toHaveCount(0);
});
