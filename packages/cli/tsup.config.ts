import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.base.js";

export default defineConfig([
  libraryBuild(["src/index.ts"]),
  // The binary: ESM only (it uses top-level await); workspace deps stay external.
  { ...libraryBuild(["src/bin.ts"]), format: ["esm"], dts: false, clean: false },
]);
