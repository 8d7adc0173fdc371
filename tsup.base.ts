import type { Options } from "tsup";

/** What every package's library build shares: ESM + CJS with types, for Node 20. */
export const libraryBuild = (entry: string[]): Options => ({
  entry,
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
