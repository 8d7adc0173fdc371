import { terminalSafe } from "../util/terminal-text.js";
import { displayWidth, padToWidth, truncateToWidth } from "./text-width.js";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Longer cells are cut with "…". */
  maxWidth?: number;
}

/** An aligned plain-text table: header, a rule, one line per row. Handles CJK double width. */
export const renderTable = <Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string => {
  const cells = rows.map((row) =>
    columns.map((c) => {
      // Cells come from the log: no control character of theirs reaches the terminal.
      const text = terminalSafe(c.value(row)).replace(/\s+/g, " ");
      return c.maxWidth === undefined ? text : truncateToWidth(text, c.maxWidth);
    }),
  );
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i] ?? ""))),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => padToWidth(v, widths[i] ?? 0, columns[i]?.align ?? "left"))
      .join("  ")
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => "─".repeat(w))),
    ...cells.map(line),
  ].join("\n");
};
