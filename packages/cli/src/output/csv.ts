/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; lines end in CRLF. */
const field = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const renderCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string => [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
