import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.base.js";

// The holiday data is inlined into the bundle (see src/time/holiday-data.ts).
export default defineConfig({
  ...libraryBuild(["src/index.ts", "src/adapter.ts", "src/conformance.ts"]),
  noExternal: ["chinese-days"],
});
