import { eventDataSchemas, petitionerSchema } from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chineseSentenceArb, petitionTextArb } from "./chinese-text.js";
import { idCheckCharacter, petitionerArb, residentIdArb } from "./petitioners.js";

const han = /\p{Script=Han}/u;

describe("Chinese petition texts", () => {
  it("are Chinese, coherent and fit PetitionRegistered", () => {
    fc.assert(
      fc.property(petitionTextArb(), (text) => {
        expect(han.test(text.title)).toBe(true);
        expect(text.content).toContain(text.region);
        const parsed = eventDataSchemas.PetitionRegistered.safeParse({
          petitionId: "P1",
          channel: "online",
          anonymous: true,
          petitioners: [],
          title: text.title,
          content: text.content,
          category: "claim",
          topic: text.topic,
          location: { region: text.region },
          receivedAt: "2025-03-01T10:00:00+08:00",
          registeredBy: "bureau",
          routingDueAt: "2025-03-16T23:59:59+08:00",
        });
        expect(parsed.success).toBe(true);
      }),
      { seed: 20261128, numRuns: 100 },
    );
  });

  it("vary: a hundred samples give many distinct titles and topics", () => {
    const samples = fc.sample(petitionTextArb(), { seed: 1, numRuns: 100 });
    expect(new Set(samples.map((s) => s.title)).size).toBeGreaterThan(60);
    expect(new Set(samples.map((s) => s.topic)).size).toBeGreaterThan(6);
    expect(
      fc.sample(chineseSentenceArb(), { seed: 1, numRuns: 20 }).every((s) => s.endsWith("。")),
    ).toBe(true);
  });
});

describe("made-up petitioners", () => {
  it("compute the GB 11643 check character (the standard's own example)", () => {
    expect(idCheckCharacter("11010519491231002")).toBe("X");
  });

  it("carry 18-character IDs with a valid check character and fit the catalog", () => {
    fc.assert(
      fc.property(residentIdArb(), petitionerArb(), (id, petitioner) => {
        expect(id).toMatch(/^\d{17}[\dX]$/);
        expect(id.at(17)).toBe(idCheckCharacter(id.slice(0, 17)));
        // Independently of the code under test, the GB 11643 rule: the weighted sum of all
        // 18 characters (X = 10), weights 2^(17-i) mod 11, is 1 mod 11.
        const values = [...id].map((c) => (c === "X" ? 10 : Number(c)));
        const sum = values.reduce((s, v, i) => s + v * (2 ** (17 - i) % 11), 0);
        expect(sum % 11).toBe(1);
        expect(petitionerSchema.safeParse(petitioner).success).toBe(true);
        expect(han.test(petitioner.name ?? "")).toBe(true);
      }),
      { seed: 20261128, numRuns: 100 },
    );
  });
});
