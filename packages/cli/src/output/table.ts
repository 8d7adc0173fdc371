import { terminalSafe } from "../util/terminal-text.js";
import { displayWidth, truncateToWidth } from "./text-width.js";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Longer cells are cut with "…". */
  maxWidth?: number;
}

interface Cell {
  text: string;
  width: number;
}

const cellOf = (text: string): Cell => ({ text, width: displayWidth(text) });

/**
 * An aligned plain-text table: header, a rule, one line per row. Widths are
 * terminal columns (CJK and emoji take two), each cell measured once.
 */
export const renderTable = <Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string => {
  const header = columns.map((c) => cellOf(c.header));
  const body = rows.map((row) =>
    columns.map((c) => {
      // Cells come from the log: no control character of theirs reaches the terminal.
      const text = terminalSafe(c.value(row)).replace(/\s+/g, " ");
      return cellOf(c.maxWidth === undefined ? text : truncateToWidth(text, c.maxWidth));
    }),
  );
  // A loop, not Math.max(...cells): spreading a million rows overflows the stack.
  const widths = header.map((h) => h.width);
  for (const row of body) {
    for (let i = 0; i < widths.length; i++) {
      const w = row[i]?.width ?? 0;
      if (w > (widths[i] ?? 0)) widths[i] = w;
    }
  }
  const line = (cells: readonly Cell[]): string =>
    cells
      .map((cell, i) => {
        const fill = " ".repeat(Math.max(0, (widths[i] ?? 0) - cell.width));
        return columns[i]?.align === "right" ? fill + cell.text : cell.text + fill;
      })
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => cellOf("─".repeat(w)))), ...body.map(line)].join(
    "\n",
  );
};
