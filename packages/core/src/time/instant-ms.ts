/**
 * ISO-8601 date-times read by hand: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`
 * with a real calendar date (29 Feb only in leap years). Replay and verify
 * read two or three times per event (the envelope check, the folds' clocks,
 * the rules' windows), and `Date.parse` costs about a tenth of the
 * `JSON.parse` of a whole line; the arithmetic below costs far less.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY = 86_400_000;
const [DASH, T, COLON, DOT, Z, PLUS] = [..."-T:.Z+"].map((c) => c.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
];

/** The two-digit number at `i`, or -1 when either character is not an ASCII digit. */
const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Days from 1970-01-01 to a civil date of the proleptic Gregorian calendar. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

/**
 * The instant of `s` in epoch milliseconds when it is a date-time of the
 * form above, else NaN. Fraction digits past the third are cut, as
 * `Date.parse` does.
 */
export const readIsoDateTime = (s: string): number => {
  if (s.length < 20) return Number.NaN;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (
    s.charCodeAt(4) !== DASH ||
    s.charCodeAt(7) !== DASH ||
    s.charCodeAt(10) !== T ||
    s.charCodeAt(13) !== COLON ||
    s.charCodeAt(16) !== COLON
  ) {
    return Number.NaN;
  }
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === DOT) {
    i++;
    const start = i;
    for (; i < s.length; i++) {
      const digit = s.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      if (i - start < 3) millis = millis * 10 + digit;
    }
    if (i === start) return Number.NaN;
    for (let n = i - start; n < 3; n++) millis *= 10;
  }
  let offset = 0;
  const zone = s.charCodeAt(i);
  if (zone === Z) {
    if (i + 1 !== s.length) return Number.NaN;
  } else if (zone === PLUS || zone === DASH) {
    if (i + 6 !== s.length || s.charCodeAt(i + 3) !== COLON) return Number.NaN;
    const offsetHour = twoDigits(s, i + 1);
    const offsetMinute = twoDigits(s, i + 4);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) {
      return Number.NaN;
    }
    offset = (zone === PLUS ? 1 : -1) * (offsetHour * 60 + offsetMinute);
  } else return Number.NaN;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return Number.NaN;
  return (
    daysFromCivil(year, month, day) * DAY +
    ((hour * 60 + minute - offset) * 60 + second) * 1000 +
    millis
  );
};

/**
 * `Date.parse(s)`, the common form read by hand: equal to it for every string
 * (a property test holds the two equal; anything else goes to `Date.parse`).
 */
export const instantMs = (s: string): number => {
  // The folds of one event read the same times one after another: the last two are kept.
  if (s === lastText) return lastMs;
  if (s === previousText) return previousMs;
  // A value a log left out (or of another type) is NaN, as Date.parse makes it.
  const read = typeof s === "string" ? readIsoDateTime(s) : Number.NaN;
  const ms = Number.isNaN(read) ? Date.parse(s) : read;
  if (typeof s === "string") {
    previousText = lastText;
    previousMs = lastMs;
    lastText = s;
    lastMs = ms;
  }
  return ms;
};

let lastText = "";
let lastMs = Number.NaN;
let previousText = "";
let previousMs = Number.NaN;
