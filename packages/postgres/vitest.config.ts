import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    name: "postgres",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Starts one throwaway server for the run (scripts/postgres/server.ts);
    // each test file makes its own database on it.
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
