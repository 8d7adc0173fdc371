import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    name: "core",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A loaded two-core machine (CI beside other work) parses the worked example
    // (7.6k events) in about 5 s: the 5 s default would fail it there.
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
  },
});
