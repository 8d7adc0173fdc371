import { DEFAULT_TIME_ZONE, isValidTimeZone } from "@petitio/core";
import { parseTimeArgument } from "../util/zoned-time.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { UsageError } from "./errors.js";

export const TIME_OPTION_SPECS = {
  "as-of": { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  tz: { type: "string" },
} as const;

export const TIME_OPTION_HELP = `  --as-of T     the moment described; later events are ignored (default: the last event)
  --from T      period start, inclusive        --to T   period end, exclusive
  --tz ZONE     time zone for dates and months (default Asia/Shanghai)
  T is ISO-8601 with offset (2018-03-31T23:59:59+08:00), a local date-time, a date
  (2018-03-31: as-of = end of that day, from/to = its start) or a month (2018-03).`;

export interface TimeOptions {
  timeZone: string;
  asOf?: string;
  from?: string;
  to?: string;
}

/** --as-of, --from, --to, --tz as ISO-8601 with offset; a bad value is a UsageError. */
export const readTimeOptions = (command: string, args: ParsedArgs): TimeOptions => {
  const timeZone = stringOption(args, "tz") ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone))
    throw new UsageError(`--tz: unknown time zone "${timeZone}"`, command);
  const read = (name: string, edge: "start" | "end"): string | undefined => {
    const raw = stringOption(args, name);
    if (raw === undefined) return undefined;
    const value = parseTimeArgument(raw, timeZone, edge);
    if (value === undefined) {
      throw new UsageError(
        `--${name}: "${raw}" is not a date-time, date (YYYY-MM-DD) or month (YYYY-MM)`,
        command,
      );
    }
    return value;
  };
  const asOf = read("as-of", "end");
  const from = read("from", "start");
  const to = read("to", "start");
  if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to)) {
    throw new UsageError(`--from (${from}) must be before --to (${to})`, command);
  }
  return {
    timeZone,
    ...(asOf ? { asOf } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
};
