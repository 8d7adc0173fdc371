import { describe, expect, it } from "vitest";
import { DEFAULT_DUPLICATE_OPTIONS, type DuplicateSignals } from "./duplicate-index.js";
import { reasonsOf, scoreOf } from "./score.js";

const signals = (over: Partial<DuplicateSignals>): DuplicateSignals => ({
  cosine: 0.8,
  titleWords: 0.5,
  titleSimilarity: 0.4,
  samePetitioner: false,
  sharedPlaces: 1,
  conflict: 0.25,
  otherCategory: false,
  ...over,
});

describe("duplicate score", () => {
  it("takes the title-conflict penalty off between different petitioners only", () => {
    const w = { ...DEFAULT_DUPLICATE_OPTIONS, titleConflictPenalty: 0.2 };
    const plain = scoreOf(signals({}), w);
    expect(scoreOf(signals({ titleConflict: 1 }), w)).toBeCloseTo(plain - 0.2, 10);
    // Two kinds conflicting in the titles weigh as one: the cue is whether the titles disagree.
    expect(scoreOf(signals({ titleConflict: 2 }), w)).toBeCloseTo(plain - 0.2, 10);
    const same = signals({ samePetitioner: true });
    expect(scoreOf({ ...same, titleConflict: 1 }, w)).toBe(scoreOf(same, w));
  });

  it("reads an absent title conflict as none, so signals from before it still score", () => {
    const w = { ...DEFAULT_DUPLICATE_OPTIONS, titleConflictPenalty: 0.2 };
    expect(scoreOf(signals({}), w)).toBe(scoreOf(signals({ titleConflict: 0 }), w));
  });

  it("says when the titles name different places", () => {
    const reasons = reasonsOf(signals({ titleConflict: 1 }), [], ["翠湖小区"], ["金桂花园"], 2);
    expect(reasons).toContain("the titles name different places");
    expect(reasonsOf(signals({}), [], [], [], 2)).not.toContain("the titles name different places");
  });
});
