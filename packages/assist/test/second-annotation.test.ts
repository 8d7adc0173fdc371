import { describe, expect, it } from "vitest";
import {
  adjudicate,
  agreementCounts,
  agreementLine,
  cohenKappa,
  type FirstLabel,
  parseSecondLabels,
  secondOnly,
} from "../eval/second-annotation.js";
import { AssistInputError } from "../src/errors.js";

// A written fixture: invented ids, no texts.
const FIRST: FirstLabel[] = [
  { a: "101", b: "102", duplicate: true },
  { a: "103", b: "104", duplicate: true },
  { a: "105", b: "106", duplicate: false },
  { a: "107", b: "108", duplicate: false },
  { a: "109", b: "110", duplicate: true },
];

const SECOND = [
  "# second annotation, blind",
  "101\t102\t1",
  "104\t103\t0\t1", // written the other way round; disagreement, adjudicated duplicate
  "",
  "105\t106\t1\t0", // disagreement, adjudicated not
  "107\t108\t0",
  "109\t110\t1\t1\r", // agreement with a redundant adjudicated label, CRLF line end
].join("\n");

const errorOf = (run: () => unknown): AssistInputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AssistInputError) return error;
    throw error;
  }
  throw new Error("expected an AssistInputError");
};

describe("Cohen's kappa", () => {
  it("is (observed − chance) / (1 − chance)", () => {
    // observed 35/50 = 0.7; chance 0.5·0.6 + 0.5·0.4 = 0.5; kappa 0.4
    expect(
      cohenKappa({ bothDuplicate: 20, firstOnly: 5, secondOnly: 10, bothNot: 15 }),
    ).toBeCloseTo(0.4, 12);
  });

  it("is 1 on full agreement and 0 at chance, negative below it", () => {
    expect(cohenKappa({ bothDuplicate: 7, firstOnly: 0, secondOnly: 0, bothNot: 3 })).toBe(1);
    expect(cohenKappa({ bothDuplicate: 5, firstOnly: 0, secondOnly: 0, bothNot: 0 })).toBe(1);
    // each says duplicate half the time, independently: chance agreement only
    expect(cohenKappa({ bothDuplicate: 1, firstOnly: 1, secondOnly: 1, bothNot: 1 })).toBe(0);
    expect(cohenKappa({ bothDuplicate: 0, firstOnly: 3, secondOnly: 2, bothNot: 0 })).toBeLessThan(
      0,
    );
  });
});

describe("the second annotation", () => {
  const second = parseSecondLabels(SECOND, "second.tsv");

  it("counts each kind of disagreement", () => {
    const counts = agreementCounts(FIRST, second);
    expect(counts).toEqual({ bothDuplicate: 2, bothNot: 1, firstOnly: 1, secondOnly: 1 });
    // observed 3/5; first says 1 for 3/5, second 3/5: chance 0.36 + 0.16 = 0.52
    expect(cohenKappa(counts)).toBeCloseTo((0.6 - 0.52) / 0.48, 12);
    expect(agreementLine(counts)).toContain("agree 60.0 %, kappa 0.167");
  });

  it("adjudicates to the common label, else the fourth column, in the first file's order", () => {
    expect(adjudicate(FIRST, second).map((p) => p.duplicate)).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(secondOnly(FIRST, second).map((p) => p.duplicate)).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("names the pair that disagrees without an adjudicated label", () => {
    const unresolved = parseSecondLabels(SECOND.replace("104\t103\t0\t1", "104\t103\t0"), "s");
    const error = errorOf(() => adjudicate(FIRST, unresolved));
    expect(error.field).toBe("pair 103 104");
    expect(error.reason).toMatch(/disagree and there is no adjudicated label/);
  });

  it("names the pair whose adjudicated label contradicts both annotations", () => {
    const contradicting = parseSecondLabels(SECOND.replace("107\t108\t0", "107\t108\t0\t1"), "s");
    expect(errorOf(() => adjudicate(FIRST, contradicting)).field).toBe("pair 107 108");
  });

  it("requires a second label for every pair and no pair the first file lacks", () => {
    const missing = parseSecondLabels(SECOND.replace("107\t108\t0", ""), "s");
    expect(errorOf(() => adjudicate(FIRST, missing)).field).toBe("pair 107 108");
    const extra = parseSecondLabels(`${SECOND}\n111\t112\t1`, "s");
    expect(errorOf(() => adjudicate(FIRST, extra)).reason).toMatch(/not one of the first/);
  });

  it("rejects a malformed line, naming the file and the line", () => {
    expect(errorOf(() => parseSecondLabels("101\t102\tyes", "second.tsv")).field).toBe(
      "second.tsv line 1 second label",
    );
    expect(errorOf(() => parseSecondLabels("#\n101\t102", "second.tsv")).field).toBe(
      "second.tsv line 2",
    );
    expect(errorOf(() => parseSecondLabels("101\t102\t1\t2", "f")).field).toBe(
      "f line 1 adjudicated label",
    );
    expect(errorOf(() => parseSecondLabels("101\t102\t1\n102\t101\t0", "f")).reason).toMatch(
      /labelled twice/,
    );
    expect(errorOf(() => parseSecondLabels("101\t101\t1", "f")).reason).toMatch(/two different/);
  });
});
