import { describe, expect, it } from "vitest";
import { renderCsv } from "./csv.js";

describe("renderCsv", () => {
  it("neutralises text cells a spreadsheet would run as formulas (OWASP CSV injection)", () => {
    const csv = renderCsv(
      ["key"],
      [['=HYPERLINK("http://x")'], ["+1+1"], ["-2+3"], ["@SUM(A1)"], ["\tx"], ["\rx"], ["org-A"]],
    );
    expect(csv.split("\r\n").slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      "org-A",
    ]);
  });

  it("writes numbers as they are, negative ones too", () => {
    expect(
      renderCsv(
        ["n", "v"],
        [
          [-3, 0.5],
          [null, undefined],
        ],
      ),
    ).toBe("n,v\r\n-3,0.5\r\n,\r\n");
  });
});
