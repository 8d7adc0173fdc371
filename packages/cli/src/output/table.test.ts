import { describe, expect, it } from "vitest";
import { renderCsv } from "./csv.js";
import { renderTable } from "./table.js";
import { displayWidth, truncateToWidth } from "./text-width.js";

const RED = "\u001b[31m";
const RESET_FG = "\u001b[39m";

describe("text width", () => {
  it("counts CJK characters as two columns and ANSI escapes as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("城乡建设")).toBe(8);
    expect(displayWidth("A2区物业")).toBe(8);
    expect(displayWidth(`${RED}督办${RESET_FG}`)).toBe(4);
  });

  it("measures emoji, ZWJ sequences, flags and combining marks as a terminal shows them", () => {
    expect(displayWidth("👍")).toBe(2);
    expect(displayWidth("👨‍👩‍👧")).toBe(2); // one family emoji joined by ZWJ
    expect(displayWidth("🇨🇳")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1); // e + combining acute
    expect(displayWidth("１２３")).toBe(6); // full-width digits
  });

  it("truncates by columns, not characters", () => {
    expect(truncateToWidth("关于梅峰河内河治理", 9)).toBe("关于梅峰…");
    expect(displayWidth(truncateToWidth("关于梅峰河内河治理", 9))).toBeLessThanOrEqual(9);
    expect(truncateToWidth("short", 9)).toBe("short");
  });

  it("never cuts inside a grapheme: a ZWJ family stays whole or goes", () => {
    const cut = truncateToWidth("ab👨‍👩‍👧cd", 4);
    expect(cut).toBe("ab…");
    expect(truncateToWidth("ab👨‍👩‍👧cd", 5)).toBe("ab👨‍👩‍👧…");
  });

  it("keeps ANSI escapes whole when cutting and closes the colour it left open", () => {
    const text = `${RED}超期督办事项清单${RESET_FG}`;
    const cut = truncateToWidth(text, 7);
    expect(cut).toBe(`${RED}超期督…\u001b[0m`);
    expect(displayWidth(cut)).toBe(7);
    // An escape sequence is never split: every ESC starts a complete CSI sequence.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking ANSI escapes
    expect(cut.match(/\u001b/g)?.length).toBe(cut.match(/\u001b\[[0-9;]*m/g)?.length);
  });

  it("keeps an OSC 8 hyperlink whole", () => {
    const link = "\u001b]8;;https://example.org\u0007link text here\u001b]8;;\u0007";
    const cut = truncateToWidth(link, 5);
    expect(cut.startsWith("\u001b]8;;https://example.org\u0007link")).toBe(true);
    expect(displayWidth(cut)).toBe(5);
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
        { org: "DOT 👍", n: 3 },
      ],
    );
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    const ends = lines.map(displayWidth);
    expect(new Set(ends).size).toBe(1);
  });

  it("renders a million rows without overflowing the stack", () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => i);
    const table = renderTable(
      [{ header: "n", value: (i: number) => String(i), align: "right" }],
      rows,
    );
    const lines = table.split("\n");
    expect(lines).toHaveLength(1_000_002);
    expect(lines[2]).toBe("     0");
    expect(lines.at(-1)).toBe("999999");
  }, 60_000);
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
