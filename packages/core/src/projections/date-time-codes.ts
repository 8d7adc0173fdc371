import { instantMs, readIsoDateTime } from "../time/instant-ms.js";

/**
 * A date-time string kept as numbers: its instant (epoch ms, in a Float64Array)
 * and a zone code (in an Int16Array), from which the exact text is written
 * again when it is asked for. The common forms `YYYY-MM-DDTHH:MM:SS±HH:MM`
 * and `YYYY-MM-DDTHH:MM:SSZ` round-trip exactly; any other text (a fraction,
 * `-00:00`, a string that is not a date-time) is kept as it is, beside.
 */

/** No value (`null`). */
export const NO_TIME = -32768;
/** The text is kept beside, as written. */
export const TEXT_KEPT = -32767;
/** Written with `Z`. */
export const ZONE_Z = 32767;

const SIGN_AT = 19;
const [PLUS, MINUS, Z] = [43, 45, 90];

/**
 * The instant of a date-time text (as `instantMs` gives it) and its zone
 * code: a code `dateTimeText` rebuilds the text from, or `TEXT_KEPT`. One
 * read of the text for both; the code is left in `lastZone`.
 */
export const readDateTime = (text: string): number => {
  const read = typeof text === "string" ? readIsoDateTime(text) : Number.NaN;
  if (Number.isNaN(read)) {
    lastZone = TEXT_KEPT;
    return instantMs(text);
  }
  lastZone = zoneOfValid(text);
  return read;
};

/** The zone code of the last `readDateTime`. */
export let lastZone = TEXT_KEPT;

/** The zone code of a text `readIsoDateTime` accepted (it checked every digit, range and date). */
const zoneOfValid = (text: string): number => {
  if (text.length === 20 && text.charCodeAt(SIGN_AT) === Z) return ZONE_Z;
  if (text.length !== 25) return TEXT_KEPT;
  const sign = text.charCodeAt(SIGN_AT);
  if (sign !== PLUS && sign !== MINUS) return TEXT_KEPT;
  const minutes =
    ((text.charCodeAt(20) - 48) * 10 + text.charCodeAt(21) - 48) * 60 +
    (text.charCodeAt(23) - 48) * 10 +
    text.charCodeAt(24) -
    48;
  // "-00:00" and "+00:00" name the same instant and offset: only "+" is rebuilt.
  if (minutes === 0 && sign === MINUS) return TEXT_KEPT;
  return sign === PLUS ? minutes : -minutes;
};

/** The zone code of `text` (`readDateTime`'s, without its instant). */
export const zoneCodeOf = (text: string): number => {
  readDateTime(text);
  return lastZone;
};

const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

/** The text of an instant in the zone of `zone` (a code `zoneCodeOf` gave, not `TEXT_KEPT` / `NO_TIME`). */
export const dateTimeText = (instant: number, zone: number): string => {
  const offset = zone === ZONE_Z ? 0 : zone;
  const local = instant + offset * 60_000;
  const days = Math.floor(local / DAY);
  let rest = (local - days * DAY) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  // Civil date from days since 1970-01-01 (proleptic Gregorian).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const head = `${String(year).padStart(4, "0")}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
  if (zone === ZONE_Z) return `${head}Z`;
  const abs = Math.abs(offset);
  return `${head}${offset < 0 ? "-" : "+"}${TWO_DIGITS[Math.floor(abs / 60)]}:${TWO_DIGITS[abs % 60]}`;
};
