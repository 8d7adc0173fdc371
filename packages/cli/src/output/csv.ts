/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted; lines end
 * in CRLF. A text cell that a spreadsheet would read as a formula (it begins
 * with =, +, -, @, a tab or a carriage return: OWASP "CSV injection") is
 * prefixed with a single quote, so an org or topic taken from a log cannot run
 * in the reader's spreadsheet. Numbers are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const field = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const renderCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string => [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
