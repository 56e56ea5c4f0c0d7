import { expect, staff, test } from "../fixtures";

test.beforeEach(async ({ loginPage, page }) => {
  await loginPage.goto();
  await loginPage.signInAs(staff);
  await expect(page).toHaveURL(/\/admin$/);
  await page.waitForSelector("body[data-hydrated]");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Settings" }).click();
  await nav.getByRole("link", { name: "Client Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Client Users" })).toBeVisible();
  await page.waitForSelector("body[data-hydrated]");
});

test("staff add, change and delete an access level", async ({ page }) => {
  const name = `Auditors ${Date.now()}`;
  const form = page.getByRole("region", { name: "Add an access level" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Access Reports").check();
  await form.getByRole("button", { name: "Add access level" }).click();

  const row = page.getByRole("row").filter({ has: page.getByLabel(`Name of ${name}`) });
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Access Reports for ${name}`)).toBeChecked();
  // Six permission cells, then the number of contacts holding the level.
  await expect(row.getByRole("cell").nth(6)).toHaveText("0");

  await row.getByLabel(`Access Billing for ${name}`).check();
  const saveResponse = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === "/api/access/levels/update" &&
      response.request().method() === "POST",
  );
  await row.getByRole("button", { name: "Save" }).click();
  // Reload only once the save has landed, or the page may show the old row.
  expect((await saveResponse).ok()).toBe(true);
  await page.reload();
  const saved = page.getByRole("row").filter({ has: page.getByLabel(`Name of ${name}`) });
  await expect(saved.getByLabel(`Access Billing for ${name}`)).toBeChecked();

  await page.waitForSelector("body[data-hydrated]");
  await saved.getByRole("button", { name: "Delete" }).click();
  await saved.getByRole("button", { name: "Yes" }).click();
  await expect(page.getByLabel(`Name of ${name}`)).toHaveCount(0);
});

test("a level that contacts hold cannot be deleted", async ({ page }) => {
  const row = page.getByRole("row").filter({ has: page.getByLabel("Name of Basic") });
  await row.getByRole("button", { name: "Delete" }).click();
  await row.getByRole("button", { name: "Yes" }).click();
  await expect(row.getByRole("alert")).toHaveText(
    "1 contact uses this level. Move them to another level first.",
  );
  await expect(page.getByLabel("Name of Basic")).toBeVisible();
});

test("a duplicate name is refused at the field", async ({ page }) => {
  const form = page.getByRole("region", { name: "Add an access level" });
  await form.getByLabel("Name").fill("billing");
  await form.getByRole("button", { name: "Add access level" }).click();
  await expect(form.getByText("Another access level already has this name.")).toBeVisible();
});
