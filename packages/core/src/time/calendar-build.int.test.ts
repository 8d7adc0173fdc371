import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The holiday table is read from chinese-days' JSON file (holiday-data.ts). How
// it is loaded differs between the ESM and CJS builds, and the first attempt
// (a JSON import attribute) passed every source test but failed to load from the
// built ESM file. So: build calendar.ts with tsup as the package does, and
// load both outputs in real Node processes on a host zone west of Greenwich.
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
      ["src/time/calendar.ts", "--format", "esm,cjs", "--out-dir", outDir, "--no-dts", "--silent"],
      { cwd: coreDir, stdio: "pipe" },
    );
    writeFileSync(`${outDir}/check.mjs`, `import * as cal from "./calendar.js";\n${CHECK}`);
    writeFileSync(`${outDir}/check.cjs`, `const cal = require("./calendar.cjs");\n${CHECK}`);
    const expected = [
      ["2024-02-09", true, false],
      ["2024-02-10", false, true],
      ["2024-02-18", true, false],
      ["2024-10-12", true, false],
    ];
    for (const file of ["check.mjs", "check.cjs"]) {
      const out = execFileSync(process.execPath, [`${outDir}/${file}`], {
        env: { ...process.env, TZ: "America/Los_Angeles" },
        encoding: "utf8",
      });
      expect(JSON.parse(out), file).toEqual(expected);
    }
  }, 60_000);
});
