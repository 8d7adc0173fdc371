import { createRequire } from "node:module";

/**
 * The official holiday arrangements as the `chinese-days` package publishes them
 * in its JSON file (`dist/chinese-days.json`): date → description, for the days
 * of each holiday break and for the 调休 make-up working days.
 *
 * Why the JSON and not the package's functions: they build their table at load
 * time with the host's local Date methods, so on a host west of Greenwich every
 * entry lands a day early (2024-02-09 becomes a holiday, the make-up Sunday
 * 2024-02-18 a rest day). The JSON is built once, correctly, by the package.
 *
 * Why `createRequire`: a JSON import needs `with { type: "json" }` in Node's ESM,
 * and the bundler (tsup/esbuild) drops that attribute from external imports, so
 * the built ESM file would fail to load; a require of the JSON works in both builds.
 */
export interface HolidayTable {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

const DATA = "chinese-days/dist/chinese-days.json";

function loadTable(): HolidayTable {
  // The CJS build has __filename (and an empty import.meta); the ESM build and
  // the tests have import.meta.url. `require` itself cannot be tested for: the
  // bundler replaces it with a shim that throws in ESM.
  const here = typeof __filename === "string" ? __filename : import.meta.url;
  const data = createRequire(here)(DATA) as Partial<HolidayTable> | null;
  const isTable = (value: unknown) => typeof value === "object" && value !== null;
  if (!data || !isTable(data.holidays) || !isTable(data.workdays)) {
    throw new Error(`${DATA}: expected { holidays, workdays } objects; has the package changed?`);
  }
  return data as HolidayTable;
}

export const holidayTable: HolidayTable = loadTable();
