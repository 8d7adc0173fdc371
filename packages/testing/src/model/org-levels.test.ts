import { orgHierarchy } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { levelKindOf, levelRefusal, superiorsOf } from "./org-levels.js";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

/** Hand-written cases of the model's reading of W22 Art. 35–36 (no engine involved). */

const orgs = orgHierarchy({
  "district-east": "city-north",
  "district-west": "city-north",
  "city-north": "province",
  province: "state-bureau",
});

const petition = (fields: Partial<ModelPetition>): ModelPetition =>
  ({ id: "P1", status: "replied", org: "district-east", ...fields }) as ModelPetition;
const ask = (type: "requestReview" | "requestReexamination", toOrg: string): ModelCommand => ({
  type,
  actor: { id: "p-P1", role: "petitioner" },
  at: "2025-03-03T09:00:00+08:00",
  fields: { toOrg },
});

describe("the model's one-level-up rule", () => {
  it("names the superiors nearest first and classifies the org asked", () => {
    expect(superiorsOf(orgs, "district-east")).toEqual(["city-north", "province", "state-bureau"]);
    expect(superiorsOf(orgs, "state-bureau")).toEqual([]);
    expect(levelKindOf(orgs, "district-east", "city-north")).toBe("oneUp");
    expect(levelKindOf(orgs, "district-east", "state-bureau")).toBe("twoUp");
    expect(levelKindOf(orgs, "district-east", "district-west")).toBe("sameLevel");
    expect(levelKindOf(orgs, "district-east", "district-east")).toBe("self");
    expect(levelKindOf(orgs, "district-east", "org-nowhere")).toBe("outside");
    expect(levelKindOf(orgs, "city-north", "district-east")).toBe("other");
  });

  it("a review is judged against the handling org (Art. 35), a re-examination against the review org (Art. 36 ¶1)", () => {
    const replied = petition({});
    expect(levelRefusal(orgs, replied, ask("requestReview", "city-north"))).toBeUndefined();
    expect(levelRefusal(orgs, replied, ask("requestReview", "province"))).toBeUndefined();
    expect(levelRefusal(orgs, replied, ask("requestReview", "district-west"))).toMatchObject({
      rule: "review one level up",
      article: "W22 Art. 35",
      field: "toOrg",
      mentions: ["district-west", "district-east"],
    });
    expect(levelRefusal(orgs, replied, ask("requestReview", "district-east"))).toMatchObject({
      mentions: ["district-east"],
    });
    const reviewed = petition({ status: "reviewed", reviewOrg: "city-north" });
    // Above the handling org but not above the review org: refused.
    expect(levelRefusal(orgs, reviewed, ask("requestReexamination", "city-north"))).toMatchObject({
      rule: "re-examination one level up",
      article: "W22 Art. 36 ¶1",
    });
    expect(levelRefusal(orgs, reviewed, ask("requestReexamination", "province"))).toBeUndefined();
    // Without a hierarchy nothing is judged by level.
    expect(levelRefusal(undefined, replied, ask("requestReview", "district-east"))).toBeUndefined();
  });
});
