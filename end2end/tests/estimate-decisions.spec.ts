import { expect, test } from "../fixtures";
import { contacts } from "../fixtures/demo";

// The demo's sent estimate for Middle Earth: two lines and an optional third
// (3 Wi-Fi access points at $219.00 less 10%).
const ESTIMATE = "Office network refresh";

test("Gandalf approves an estimate with the optional line ticked, and the total follows his choice", async ({
  page,
  loginPage,
}) => {
  await loginPage.goto();
  await loginPage.signInAs(contacts.gandalf);
  await page.waitForSelector("body[data-hydrated]");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Estimates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Estimates" })).toBeVisible();
  await page.getByRole("row", { name: new RegExp(ESTIMATE) }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(ESTIMATE);
  // Opened: no longer just "Sent".
  await expect(page.locator(".page__lead .badge")).toHaveText("Viewed");
  // The terms come before the decision.
  const terms = page.getByRole("heading", { name: "Terms" });
  const decision = page.getByRole("heading", { name: "Your decision" });
  await expect(terms).toBeVisible();
  expect((await terms.boundingBox())!.y).toBeLessThan((await decision.boundingBox())!.y);

  const total = page.getByTestId("approve-total");
  await expect(total).toHaveText("$2,155.09");
  await page.getByLabel(/Wi-Fi 6 access point, installed/).check();
  // + $591.30, and tax on it: 8.25% of $1,889.30 = $155.87.
  await expect(total).toHaveText("$2,795.17");

  // Approving without the terms ticked says so next to the box.
  await page.getByLabel("Your full name").fill("Gandalf the Grey");
  await page.getByRole("button", { name: "Approve estimate" }).click();
  await expect(page.locator("#approve-terms-error")).toHaveText(/Tick “I have read and accept the terms”/);
  await expect(page.getByLabel("Your full name")).toHaveValue("Gandalf the Grey");

  await page.getByLabel("I have read and accept the terms").check();
  await page.getByLabel("PO number (optional)").fill("PO-1601");
  await page.getByRole("button", { name: "Approve estimate" }).click();
  await expect(page.locator(".page__lead .badge")).toHaveText("Approved");
  await expect(page.getByRole("heading", { name: "Your decision" })).toHaveCount(0);
  const decisions = page.getByRole("region", { name: "Decisions" });
  await expect(decisions).toContainText("Approved revision 1 for $2,795.17, signed “Gandalf the Grey”");
  await expect(decisions).toContainText("PO number PO-1601");
  await expect(page.getByTestId("estimate-total")).toHaveText("$2,795.17");
  await expect(page.getByRole("row", { name: /Wi-Fi 6 access point/ })).toContainText("Optional, chosen");
});

test("Samwise's access level does not include estimates: the page says so", async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(contacts.samwise);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Estimates" })).toHaveCount(0);
  await page.goto("/portal/estimates");
  await expect(page.getByRole("status")).toHaveText(
    "Your access level does not include estimates and orders. Ask your account administrator.",
  );
});
