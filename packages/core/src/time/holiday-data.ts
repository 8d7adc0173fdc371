import data from "chinese-days/dist/chinese-days.json" with { type: "json" };

/**
 * The official holiday arrangements as the `chinese-days` package publishes them
 * in its JSON file: date → description, for the days of each holiday break and
 * for the 调休 make-up working days.
 *
 * Why the JSON and not the package's functions: they build their table at load
 * time with the host's local Date methods, so on a host west of Greenwich every
 * entry lands a day early (2024-02-09 becomes a holiday, the make-up Sunday
 * 2024-02-18 a rest day). The JSON is built once, correctly, by the package.
 *
 * Why a static import: the build inlines the JSON into core's bundle (tsup
 * `noExternal`), so loading core needs no file lookup at run time and no guess
 * at the module system (sniffing `__filename` broke hosts that define one).
 * A release carries the arrangements known when it was built; later years can
 * be loaded by the deployment (`createChinaCalendar({ schedules })`).
 */
export interface HolidayTable {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

function checkTable(value: unknown): HolidayTable {
  const table = value as Partial<HolidayTable> | null;
  const isTable = (v: unknown) => typeof v === "object" && v !== null;
  if (!table || !isTable(table.holidays) || !isTable(table.workdays)) {
    throw new Error(
      "chinese-days.json: expected { holidays, workdays } objects; has the package changed?",
    );
  }
  return table as HolidayTable;
}

export const holidayTable: HolidayTable = checkTable(data);
