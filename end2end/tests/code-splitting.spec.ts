import type { Page } from "@playwright/test";
import { contacts, expect, staff, test } from "../fixtures";
import { coldContext, isPlainPage, measureLoad, organizationPath } from "../fixtures/page-weight";

// The WebAssembly is split by area (`cargo leptos build --split`): a main file
// every app page loads, and one chunk per area (signed-out pages, staff,
// portal) with the chunks it shares with others. These tests open each area's
// pages directly and by client-side navigation, and check what each fetched.

const STAFF_CHUNK = /^split_staff_page_/;
const PORTAL_CHUNK = /^split_portal_page_/;
const SALES_CHUNK = /^split_sales_page_/;

/** Marks the document, so a later check can tell a client-side navigation from a page load. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-test-same-document", "yes"));
}

async function expectSameDocument(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-test-same-document", "yes");
}

test("/login is a plain page: it fetches no WebAssembly, and signing in from it works", async ({
  browser,
  baseURL,
}) => {
  const context = await coldContext(browser, baseURL!);
  const page = await context.newPage();
  const weight = await measureLoad(page, "/login");
  expect(weight.wasmFiles).toEqual([]);
  expect(await isPlainPage(page)).toBe(true);

  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/admin");
  await page.waitForSelector("body[data-hydrated]");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await context.close();
});

test("a portal page loaded directly hydrates from the portal chunk, without the staff UI, and client-side navigation works", async ({
  browser,
  baseURL,
}) => {
  const context = await coldContext(browser, baseURL!, contacts.leslie);
  const page = await context.newPage();
  const weight = await measureLoad(page, "/portal/contacts");
  expect(weight.wasmFiles.some((file) => PORTAL_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(true);
  expect(weight.wasmFiles.some((file) => STAFF_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(false);
  expect(weight.wasmFiles.some((file) => SALES_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(false);

  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await markDocument(page);

  // Client-side navigation to another portal page renders it from the same
  // chunk; the Account menu only opens on a hydrated page.
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Account" }).click();
  await nav.getByRole("link", { name: "My Profile" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/portal");
  await expect(page.getByRole("heading", { level: 1, name: "My Profile" })).toBeVisible();
  await expectSameDocument(page);
  // And back again.
  await nav.getByRole("button", { name: "Account" }).click();
  await nav.getByRole("link", { name: "Contacts" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/portal/contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await expectSameDocument(page);
  await context.close();
});

test("a staff page loaded directly hydrates from the staff chunk, without the portal's, and client-side navigation works", async ({
  browser,
  baseURL,
}) => {
  const context = await coldContext(browser, baseURL!, staff);
  const details = await organizationPath(context, contacts.leslie.organization);
  const page = await context.newPage();
  const weight = await measureLoad(page, details);
  expect(weight.wasmFiles.some((file) => STAFF_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(true);
  expect(weight.wasmFiles.some((file) => PORTAL_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(false);
  await expect(page.getByRole("heading", { level: 1, name: "Organization Details" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(contacts.leslie.organization);
  await markDocument(page);

  // Organization Details → Customers, by the area navigation (the router's links).
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await expectSameDocument(page);

  // The list is live: a search narrows it without a page load.
  await page.getByLabel("Search customers").fill(contacts.leslie.organization);
  await page.getByRole("button", { name: "Search" }).click();
  const link = page.getByRole("link", { name: contacts.leslie.organization });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL((url) => url.pathname === details);
  await expect(page.getByRole("heading", { level: 1, name: "Organization Details" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(contacts.leslie.organization);
  await expectSameDocument(page);
  await context.close();
});

test("the portal's Estimates load the sales chunk, and navigating on to Contacts fetches the portal's", async ({
  browser,
  baseURL,
}) => {
  const context = await coldContext(browser, baseURL!, contacts.gandalf);
  const page = await context.newPage();
  const weight = await measureLoad(page, "/portal/estimates?show=all");
  expect(weight.wasmFiles.some((file) => SALES_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(true);
  expect(weight.wasmFiles.some((file) => PORTAL_CHUNK.test(file)), weight.wasmFiles.join(", ")).toBe(false);
  await expect(page.getByRole("heading", { level: 1, name: "Estimates" })).toBeVisible();
  await markDocument(page);

  const portalChunk = page.waitForResponse((response) => PORTAL_CHUNK.test(new URL(response.url()).pathname.split("/").pop()!));
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Account" }).click();
  await nav.getByRole("link", { name: "Contacts" }).click();
  await portalChunk;
  await expect(page).toHaveURL((url) => url.pathname === "/portal/contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  await expectSameDocument(page);
  // And back to an estimate, from the chunk already loaded.
  await nav.getByRole("link", { name: "Estimates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Estimates" })).toBeVisible();
  await expectSameDocument(page);
  await context.close();
});
