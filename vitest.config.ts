import { defineConfig } from "vitest/config";

/**
 * Three projects, run separately by `npm test` (see package.json):
 *   unit         pure code, no I/O: *.test.ts(x) next to the code
 *   integration  against PGlite and PostgreSQL: *.int.test.ts next to the code
 *   e2e          the built app in Chromium: e2e/*.e2e.ts
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one, on a 2-core machine. The
    // integration files wait on the database much of the time: two at once take 8 minutes
    // instead of 10.6. (The e2e project stays at one file at a time.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "app/**/*.test.{ts,tsx}",
            "server/**/*.test.ts",
            "scripts/**/*.test.ts",
            "e2e/support/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["app/**/*.int.test.ts", "server/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          globalSetup: ["app/db/testing/global-setup.ts"],
          setupFiles: ["app/db/testing/setup-keys.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.ts"],
          globalSetup: ["e2e/support/global-setup.ts"],
          setupFiles: ["e2e/support/page-checks.setup.ts"],
          environment: "node",
          // One file at a time: with two at once on two cores (tried 2026-12-01, the shared demo's
          // journeys in one lane, the files with their own servers in another) every file ran up
          // to twice as slow and journeys ran out of their time limits.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // A page shows an action's answer at once and its reloaded data a moment later.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
