import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.base.js";

// string-width and its helpers are ESM-only: bundled, so the CJS build works on
// every Node 20 (require() of ESM needs 20.19+) and users install nothing extra.
const bundled = ["string-width", "strip-ansi", "ansi-regex", "get-east-asian-width"];

export default defineConfig([
  { ...libraryBuild(["src/index.ts"]), noExternal: bundled },
  // The binary: ESM only (it uses top-level await); workspace deps stay external.
  {
    ...libraryBuild(["src/bin.ts"]),
    format: ["esm"],
    dts: false,
    clean: false,
    noExternal: bundled,
  },
]);
