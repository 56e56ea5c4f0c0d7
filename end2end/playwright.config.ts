import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Several portals at once (`.ci/test.sh`): PORTAL_E2E_PORTS lists a port for
// each, PORTAL_E2E_DIR holds their SQLite databases and mail folders.
// Playwright starts them all and runs one worker per portal; this file is
// loaded again in each worker, which takes the settings of its own portal
// (TEST_PARALLEL_INDEX), so a test only ever meets the database and mailbox
// of the portal it drives.
const ports = (process.env.PORTAL_E2E_PORTS ?? "").split(",").filter(Boolean);

function portalSettings(slot: number): Record<string, string> {
  const dir = process.env.PORTAL_E2E_DIR;
  if (!dir) throw new Error("PORTAL_E2E_PORTS needs PORTAL_E2E_DIR (see .ci/test.sh)");
  const url = `http://127.0.0.1:${ports[slot]}`;
  return {
    PORTAL_URL: url,
    PORTAL_PUBLIC_URL: url,
    LEPTOS_SITE_ADDR: `127.0.0.1:${ports[slot]}`,
    DATABASE_URL: `sqlite://${dir}/e2e-${slot}.db?mode=rwc`,
    PORTAL_MAIL_DIR: path.join(dir, `mail-${slot}`),
  };
}

if (ports.length > 0) {
  Object.assign(process.env, portalSettings(Number(process.env.TEST_PARALLEL_INDEX ?? 0) % ports.length));
}

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

/** The portals Playwright starts: one per PORTAL_E2E_PORTS entry, or the one PORTAL_URL names. */
function servers(bin: string) {
  const start = (env: Record<string, string>, url: string) => ({
    command: shellQuote(bin),
    // The server reads Leptos.toml from its working directory.
    cwd: path.resolve(__dirname, ".."),
    url: new URL("/login", url).href,
    env,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  });
  if (ports.length === 0) return start(serverEnv(), baseURL);
  return ports.map((_, slot) => {
    const own = portalSettings(slot);
    return start({ ...serverEnv(), ...own }, own.PORTAL_URL);
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export default defineConfig({
  testDir: "./tests",
  outputDir: "test-results",
  // One worker per portal, each with its own SQLite database; within a
  // worker, tests run one at a time. Each test starts signed out in a fresh
  // browser context and relies on no other test.
  workers: Math.max(ports.length, 1),
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
  webServer: serverBin ? servers(serverBin) : undefined,
});
