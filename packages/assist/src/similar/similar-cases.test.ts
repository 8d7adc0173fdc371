import { describe, expect, it } from "vitest";
import { fixtureLog } from "../../test/fixtures.js";
import { collectCases } from "../cases/case-records.js";
import { AssistInputError } from "../errors.js";
import { SimilarCaseIndex } from "./similar-cases.js";

describe("similar-case push", async () => {
  const cases = await collectCases(fixtureLog());
  const index = new SimilarCaseIndex(cases);

  it("returns replied past cases on the same matter with outcome, reply and time to reply", () => {
    const similar = index.similarTo("fixture-p2");
    expect(similar.map((s) => s.petitionId)).toEqual(["fixture-p1", "fixture-p3"]);
    const [first] = similar;
    expect(first?.outcome).toBe("supported");
    expect(first?.reply).toContain("责令退还");
    // p1: received 2026-03-02 09:00, replied 2026-03-20 10:00 (+08:00).
    expect(first?.daysToReply).toBe(18);
    expect(first?.sharedTerms).toContain("停车");
    expect(first?.similarity).toBeGreaterThan(similar[1]?.similarity ?? 1);
  });

  it("leaves out unreplied cases unless asked, and the petition itself", () => {
    const all = index.similarTo("fixture-p1", { repliedOnly: false });
    expect(all.map((s) => s.petitionId)).toContain("fixture-p2");
    expect(all.map((s) => s.petitionId)).not.toContain("fixture-p1");
    expect(index.similarTo("fixture-p1").map((s) => s.petitionId)).not.toContain("fixture-p2");
  });

  it("finds cases for a text at intake, and none for an unrelated one", () => {
    expect(index.similarToText("工地晚上施工噪音太大")[0]?.petitionId).toBe("fixture-p4");
    expect(index.similarToText("图书馆借书证怎么办理")).toEqual([]);
  });

  it("names an unknown petition", () => {
    expect(() => index.similarTo("nope")).toThrow(AssistInputError);
  });
});
