import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    name: "notify-webhook",
    // A loaded two-core CI machine runs property runs and file I/O several times
    // slower than a quiet one: a per-test ceiling, not a speed claim.
    testTimeout: 30_000,
    include: ["src/**/*.test.ts"],
    // The exactly-once tests also run on PostgreSQL: one throwaway server for
    // the run, the same setup as @petitio/postgres's own tests (skipped, with
    // the reason, when no server can be started).
    globalSetup: ["../postgres/test/global-setup.ts"],
    hookTimeout: 120_000,
  },
});
