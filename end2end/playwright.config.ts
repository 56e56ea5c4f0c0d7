import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The portal under test. `.ci/test.sh` sets these; run against a portal you
// started yourself (`.ci/serve.sh`) with just `npx playwright test`.
const baseURL = process.env.PORTAL_URL ?? "http://127.0.0.1:3000";

// When PORTAL_BIN names a built server binary, Playwright starts it for the
// run and stops it afterwards.
const serverBin = process.env.PORTAL_BIN;

// Where the portal under test writes its emails (the folder transport).
const mailDir = process.env.PORTAL_MAIL_DIR ?? path.resolve(__dirname, "..", "mail");

function serverEnv(): Record<string, string> {
  const { DATABASE_URL, LEPTOS_SITE_ROOT } = process.env;
  // A run must never write into the developer's portal.db.
  if (!DATABASE_URL || !LEPTOS_SITE_ROOT) {
    throw new Error("PORTAL_BIN needs DATABASE_URL and LEPTOS_SITE_ROOT (see .ci/test.sh)");
  }
  return {
    DATABASE_URL,
    LEPTOS_SITE_ROOT,
    LEPTOS_SITE_ADDR: process.env.LEPTOS_SITE_ADDR ?? new URL(baseURL).host,
    PORTAL_PUBLIC_URL: process.env.PORTAL_PUBLIC_URL ?? baseURL,
    // Emails land here as .eml files; tests open the links in them.
    PORTAL_MAIL_DIR: mailDir,
    // The tests sign in with the demo accounts.
    PORTAL_DEMO_DATA: "true",
  };
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export default defineConfig({
  testDir: "./tests",
  outputDir: "test-results",
  // One server, one SQLite database: run tests one at a time. Each test still
  // starts signed out in a fresh browser context and relies on no other test.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's Chromium; Playwright's own browser download is not used.
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: serverBin
    ? {
        command: shellQuote(serverBin),
        // The server reads Leptos.toml from its working directory.
        cwd: path.resolve(__dirname, ".."),
        url: new URL("/login", baseURL).href,
        env: serverEnv(),
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "ignore",
        stderr: "pipe",
      }
    : undefined,
});
