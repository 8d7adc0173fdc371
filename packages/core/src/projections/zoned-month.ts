import { ValidationError } from "../errors.js";

/**
 * Calendar months in a deployment time zone (default Asia/Shanghai): metrics
 * group petitions by the month of `receivedAt` there, not in UTC, so a
 * petition received at 07:00 on the 1st in Beijing is in that month.
 */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
      });
    } catch {
      throw new ValidationError("options", [
        { path: "timeZone", message: `unknown IANA time zone ${JSON.stringify(timeZone)}` },
      ]);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Throws a ValidationError naming `timeZone` when it is not an IANA zone. */
export const checkTimeZone = (timeZone: string): void => {
  formatterFor(timeZone);
};

/** `YYYY-MM` of an instant in `timeZone`. */
export const monthOf = (ms: number, timeZone: string): string => {
  let year = "";
  let month = "";
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
  }
  return `${year.padStart(4, "0")}-${month}`;
};

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month before a `YYYY-MM` month. */
export const previousMonth = (month: string): string => {
  const match = MONTH_PATTERN.exec(month);
  if (!match) {
    throw new ValidationError("options", [
      { path: "month", message: `must be YYYY-MM, got ${JSON.stringify(month)}` },
    ]);
  }
  const year = Number(match[1]);
  const m = Number(match[2]);
  return m === 1
    ? `${String(year - 1).padStart(4, "0")}-12`
    : `${match[1]}-${String(m - 1).padStart(2, "0")}`;
};

/** Throws a ValidationError naming `month` unless it is `YYYY-MM`. */
export const checkMonth = (month: unknown): string => {
  if (typeof month !== "string" || !MONTH_PATTERN.test(month)) {
    throw new ValidationError("options", [
      { path: "month", message: `must be YYYY-MM, got ${JSON.stringify(month)}` },
    ]);
  }
  return month;
};
