import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  // A per-test ceiling for a loaded two-core CI machine, not a speed claim.
  test: { name: "notify-email", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
