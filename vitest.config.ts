import { defineConfig } from "vitest/config";

// Tests run on source: the "@petitio/source" export condition points each
// package at its src/index.ts, so no build is needed between edits.
export default defineConfig({
  resolve: { conditions: ["@petitio/source"] },
  ssr: { resolve: { conditions: ["@petitio/source"] } },
  test: {
    projects: ["packages/*", "examples/*"],
  },
});
