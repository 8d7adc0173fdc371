import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { applyClassifiedPractice, practiceProjection } from "../practice/projection.js";
import { instantMs } from "../time/instant-ms.js";
import { EventClassifier } from "./event-class.js";
import { hotlineRatesFold } from "./hotline-rates.js";
import { applyClassifiedPetitionFact, petitionFactsProjection } from "./petition-facts.js";
import { interleave, momentArb, picksArb, streamsArb } from "./random-log.testkit.js";
import { TYPE, typeCode, typeName } from "./type-codes.js";

/**
 * The report reads each event once for all its folds (event-class.ts); these
 * properties hold every fold fed that classification to the state its public
 * `apply` gives on the same events, when the folds see all of the log or
 * only part of it (events past an asOf, a fold that skips streams), with
 * occurredAt written in several forms, so the latest time is compared by
 * string and by instant, and some petitions as 12345 tickets.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);

const pad = (n: number) => String(n).padStart(2, "0");
/** `text` as the same instant in UTC, written `Z` or `+00:00`, or with a fraction. */
const rewrite = (text: string, form: number): string => {
  if (form === 0) return text;
  const d = new Date(Date.parse(text));
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return form === 1 ? `${base}Z` : form === 2 ? `${base}+00:00` : `${base}.250Z`;
};

/** A random log: petitions interleaved, some times rewritten, some tickets, some other streams. */
const logArb = fc
  .tuple(streamsArb, picksArb, fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }))
  .map(([streams, picks, forms]) => {
    const out: EventEnvelope[] = [];
    interleave(streams, picks).forEach((e, i) => {
      const form = forms.length === 0 ? 0 : forms[i % forms.length]!;
      const ticket = e.type === "PetitionRegistered" && i % 3 === 0;
      out.push({
        ...e,
        occurredAt: rewrite(e.occurredAt, form),
        ...(ticket ? { data: { ...e.data, requestType: "complaint" } } : {}),
      });
      if (form === 3) out.push({ ...e, streamId: `org-unit-${i}`, type: "CustomNote" });
    });
    return out.map((e, i) => ({ ...e, position: i + 1 }));
  });

describe("folds fed one classification of each event", () => {
  it("give the states of their public apply, over all or part of a log", () => {
    fc.assert(
      fc.property(logArb, momentArb, fc.nat({ max: 4 }), (log, asOf, skipEvery) => {
        const limit = instantMs(asOf);
        const classifier = new EventClassifier();
        let facts = petitionFactsProjection.init();
        let factsRef = petitionFactsProjection.init();
        let practice = practiceProjection.init();
        let practiceRef = practiceProjection.init();
        const hotline = hotlineRatesFold({ asOf });
        const hotlineRef = hotlineRatesFold({ asOf });
        const hotlineAll = hotlineRatesFold();
        const hotlineAllRef = hotlineRatesFold();
        log.forEach((e, i) => {
          const c = classifier.classify(e);
          expect(c.code).toBe(typeCode(e.type));
          expect(c.petition).toBe(e.streamId.startsWith("petition-"));
          if (instantMs(e.occurredAt) <= limit) {
            facts = applyClassifiedPetitionFact(facts, e, c);
            factsRef = petitionFactsProjection.apply(factsRef, e);
          }
          if (skipEvery === 0 || i % (skipEvery + 1) !== 0) {
            practice = applyClassifiedPractice(practice, e, c);
            practiceRef = practiceProjection.apply(practiceRef, e);
          }
          hotline.applyClassified(e, c);
          hotlineRef.apply(e);
          hotlineAll.applyClassified(e, c);
          hotlineAllRef.apply(e);
        });
        expect(petitionFactsProjection.toSnapshot!(facts)).toEqual(
          petitionFactsProjection.toSnapshot!(factsRef),
        );
        expect(practiceProjection.toSnapshot!(practice)).toEqual(
          practiceProjection.toSnapshot!(practiceRef),
        );
        expect(hotline.result()).toEqual(hotlineRef.result());
        expect(hotlineAll.result()).toEqual(hotlineAllRef.result());
      }),
      { numRuns: RUNS },
    );
  });

  it("codes the types the folds branch on by fixed codes, and any other type by its own", () => {
    expect(typeCode("PetitionRegistered")).toBe(TYPE.PetitionRegistered);
    expect(typeName(TYPE.CallBackRecorded)).toBe("CallBackRecorded");
    const custom = typeCode("SomeCustomEvent");
    expect(custom).toBeGreaterThan(TYPE.CallBackRecorded);
    expect(typeCode("SomeCustomEvent")).toBe(custom);
    expect(typeName(custom)).toBe("SomeCustomEvent");
  });
});
