import { test } from "@playwright/test";
import { contacts, staff, type Account } from "../fixtures/demo";
import { coldContext, FAST_4G, kilobytes, measureLoad, organizationPath } from "../fixtures/page-weight";

// Time to interactive (navigation start until the page is hydrated) for the
// sign-in page, a portal page and Organization Details: with a cold cache
// (a new browser context) and a warm one (the same page opened again), on
// loopback and on fast 4G (9 Mbit/s, 60 ms). Prints the median of RUNS.

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

type Target = { name: string; path: string; who?: Account };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test("time to interactive, cold and warm, on loopback and fast 4G", async ({ browser, baseURL }) => {
  const base = baseURL!;
  const lookup = await coldContext(browser, base, staff);
  const details = await organizationPath(lookup, contacts.leslie.organization);
  await lookup.close();
  const targets: Target[] = [
    { name: "/login", path: "/login" },
    { name: "portal: /portal/contacts", path: "/portal/contacts", who: contacts.leslie },
    { name: "staff: Organization Details", path: details, who: staff },
  ];
  const lines = ["| Page | Network | Cold | Warm | Cold bytes |", "| --- | --- | --- | --- | --- |"];
  for (const target of targets) {
    for (const [network, conditions] of [
      ["loopback", undefined],
      ["fast 4G", FAST_4G],
    ] as const) {
      const cold: number[] = [];
      const warm: number[] = [];
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const context = await coldContext(browser, base, target.who);
        const page = await context.newPage();
        const first = await measureLoad(page, target.path, conditions);
        cold.push(first.interactiveMs);
        bytes = first.total;
        // The same page again in the same browser: its files come from the cache.
        const again = await context.newPage();
        warm.push((await measureLoad(again, target.path, conditions)).interactiveMs);
        await context.close();
      }
      lines.push(`| ${target.name} | ${network} | ${median(cold)} ms | ${median(warm)} ms | ${kilobytes(bytes)} |`);
    }
  }
  console.log(`time to interactive, median of ${RUNS}:\n${lines.join("\n")}`);
});
