import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    name: "assist",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
  },
});
