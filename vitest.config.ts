import { defineConfig } from "vitest/config";

// Two projects: `unit` runs in Node without the site (each file starts the local HTTP servers it
// needs: demo Dashtrays, fault servers); `e2e` builds the site once, starts the demo Dashtray and
// `wrangler pages dev` (workerd), and runs the content, API and browser tests against them, one file
// at a time because they share the demo's mode.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "test/unit/**/*.test.ts",
            "test/demo/**/*.test.ts",
            "test/cli/**/*.test.ts",
            "test/contract/**/*.test.ts",
          ],
          // A hang guard, not a timing assertion: the CLI tests start Node per test, which takes
          // seconds on a shared 2-core machine while the e2e project builds beside them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/content/**/*.test.ts", "test/api/**/*.test.ts", "test/browser/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          // Pages and workerd answer in milliseconds on an idle machine, but CI machines are shared.
          expect: { poll: { timeout: 10_000, interval: 50 } },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
