import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: { name: "example-notifications", include: ["src/**/*.test.ts"] },
});
