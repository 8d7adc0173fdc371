import { describe, expect, it } from "vitest";
import { renderCsv } from "./csv.js";
import { renderTable } from "./table.js";
import { displayWidth, truncateToWidth } from "./text-width.js";

describe("text width", () => {
  it("counts CJK characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("城乡建设")).toBe(8);
    expect(displayWidth("A2区物业")).toBe(8);
    expect(displayWidth("\u001b[31m督办\u001b[39m")).toBe(4);
  });

  it("truncates by columns, not characters", () => {
    expect(truncateToWidth("关于梅峰河内河治理", 9)).toBe("关于梅峰…");
    expect(displayWidth(truncateToWidth("关于梅峰河内河治理", 9))).toBeLessThanOrEqual(9);
  });
});

describe("table", () => {
  it("aligns columns of mixed-width text", () => {
    const table = renderTable(
      [
        { header: "org", value: (r: { org: string; n: number }) => r.org },
        { header: "n", value: (r) => String(r.n), align: "right" },
      ],
      [
        { org: "鼓楼区", n: 12 },
        { org: "DOT", n: 3 },
      ],
    );
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    const ends = lines.map(displayWidth);
    expect(new Set(ends).size).toBe(1);
  });
});

describe("csv", () => {
  it("quotes fields that need it and ends lines with CRLF", () => {
    expect(
      renderCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });
});
