import { defineConfig } from "tsup";

export default defineConfig([
  // The library: ESM + CJS with types.
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  // The binary: ESM only (it uses top-level await); workspace deps stay external.
  {
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
  },
]);
