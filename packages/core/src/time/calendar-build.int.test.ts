import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The holiday table comes from chinese-days' JSON file (holiday-data.ts) and is
// inlined by the build. Loading it has broken twice in ways only a built file
// shows (a JSON import attribute dropped by the bundler; a loader that sniffed a
// global `__filename`, which some hosts define). So: build the package with its
// own tsup config, and load both outputs in real Node processes on a host zone
// west of Greenwich, once with a global `__filename` defined.
const coreDir = fileURLToPath(new URL("../../", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
// Inside packages/core/node_modules so the built files resolve chinese-days as users do.
const outDir = `${coreDir}node_modules/.cache/petitio-calendar-build-${process.pid}`;

const CHECK = `const answers = ["2024-02-09", "2024-02-10", "2024-02-18", "2024-10-12"].map(
  (d) => [d, cal.chinaCalendar.isWorkingDay(d), cal.chinaCalendar.isHoliday(d)]);
console.log(JSON.stringify(answers));`;

describe("chinaCalendar from the built package", () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("loads and answers the same in the ESM and CJS builds, in Los Angeles", () => {
    mkdirSync(outDir, { recursive: true });
    execFileSync(
      `${repoRoot}node_modules/.bin/tsup`,
      ["--config", "tsup.config.ts", "--out-dir", outDir, "--no-dts", "--silent"],
      { cwd: coreDir, stdio: "pipe" },
    );
    writeFileSync(`${outDir}/check.mjs`, `import * as cal from "./index.js";\n${CHECK}`);
    writeFileSync(`${outDir}/check.cjs`, `const cal = require("./index.cjs");\n${CHECK}`);
    writeFileSync(
      `${outDir}/check-global.mjs`,
      `globalThis.__filename = "/nowhere/host.js";\nconst cal = await import("./index.js");\n${CHECK}`,
    );
    const expected = [
      ["2024-02-09", true, false],
      ["2024-02-10", false, true],
      ["2024-02-18", true, false],
      ["2024-10-12", true, false],
    ];
    for (const file of ["check.mjs", "check.cjs", "check-global.mjs"]) {
      const out = execFileSync(process.execPath, [`${outDir}/${file}`], {
        env: { ...process.env, TZ: "America/Los_Angeles" },
        encoding: "utf8",
      });
      expect(JSON.parse(out), file).toEqual(expected);
    }
  }, 180_000);
});
