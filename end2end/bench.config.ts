import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Benchmarks, not tests: `npx playwright test --config bench.config.ts`
// (benches/page-load.sh builds the release server and runs this). They print
// numbers and fail only when a page does not load.
export default defineConfig({
  ...base,
  testDir: "./bench",
  timeout: 300_000,
  reporter: "list",
});
