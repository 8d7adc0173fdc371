import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    name: "assist",
    // A loaded two-core CI machine runs property runs and file I/O several times
    // slower than a quiet one: a per-test ceiling, not a speed claim.
    testTimeout: 30_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
  },
});
