import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { instantMs } from "../time/instant-ms.js";
import { dateTimeText, lastZone, readDateTime, TEXT_KEPT, zoneCodeOf } from "./date-time-codes.js";
import { hotTopicsFromFacts } from "./hot-topics.js";
import type { GroupBy } from "./metric-options.js";
import { metricsFromFacts } from "./metrics.js";
import { referenceFacts } from "./object-facts.testkit.js";
import { overdueFromFacts } from "./overdue.js";
import { type PetitionFactsState, petitionFactsProjection } from "./petition-facts.js";
import { interleave, momentArb, picksArb, streamsArb } from "./random-log.testkit.js";
import { replaySync } from "./replay.js";

/**
 * The fact table is stored in columns (fact-table.ts); these properties hold
 * it to answer exactly as the table of plain objects it replaced
 * (object-facts.testkit.ts) on random logs: every petition's facts, in the
 * same order, and every view a supervisor reads from them.
 */

const RUNS = Number(process.env.PETITIO_PROPERTY_RUNS ?? 150);

/** The same instant written another way: the forms a log may hold besides `+08:00`. */
const FORMS = ["as is", "Z", "fraction", "minus zero", "plus zero", "west"] as const;
type Form = (typeof FORMS)[number];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `ms` written in `form` (from `Date`'s own arithmetic, independent of the table's). */
const writeAs = (ms: number, form: Form, asIs: string): string => {
  const at = (offsetMinutes: number) => {
    const d = new Date(ms + offsetMinutes * 60_000);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  switch (form) {
    case "as is":
      return asIs;
    case "Z":
      return `${at(0)}Z`;
    case "fraction":
      return `${at(480)}.${pad(ms % 1000, 3)}+08:00`;
    case "minus zero":
      return `${at(0)}-00:00`;
    case "plus zero":
      return `${at(0)}+00:00`;
    case "west":
      return `${at(-330)}-05:30`;
  }
};

const DUE_FIELDS = [
  "routingDueAt",
  "acceptanceDueAt",
  "handlingDueAt",
  "reviewRequestDueAt",
  "reviewDueAt",
  "reexaminationRequestDueAt",
  "reexaminationDueAt",
];

/** Rewrite the due times of some events in other forms, and add events no fact reads. */
const varied = (log: EventEnvelope[], forms: Form[]): EventEnvelope[] => {
  const out: EventEnvelope[] = [];
  log.forEach((e, i) => {
    const form = forms.length === 0 ? "as is" : forms[i % forms.length]!;
    const data = { ...e.data };
    for (const field of DUE_FIELDS) {
      const value = data[field];
      if (typeof value === "string") data[field] = writeAs(Date.parse(value), form, value);
    }
    out.push({ ...e, data });
    if (form === "west") {
      out.push({ ...e, type: "CustomNote", data: { text: "n" } });
      out.push({ ...e, streamId: `org-unit-${i}` });
    }
  });
  return out.map((e, i) => ({ ...e, position: i + 1 }));
};

const formsArb = fc.array(fc.constantFrom(...FORMS), { maxLength: 6 });
const byArb = fc.constantFrom<GroupBy | undefined>(undefined, "org", "category", "topic", "month");
const period = { from: "2024-01-15T00:00:00+08:00", to: "2024-03-15T00:00:00+08:00" };

const views = (state: PetitionFactsState, asOf: string, by: GroupBy | undefined) => ({
  metrics: metricsFromFacts(state, { ...period, asOf, by }),
  overdue: overdueFromFacts(state, { asOf }),
  hot: hotTopicsFromFacts(state, { month: "2024-02" }),
});

describe("the column fact table", () => {
  it("writes back every date-time it keeps as numbers exactly as it was written", () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse("0001-01-02T00:00:00Z"),
          max: Date.parse("9998-12-30T00:00:00Z"),
        }),
        fc.constantFrom(...FORMS),
        (ms, form) => {
          const text = writeAs(
            ms - (ms % 1000),
            form,
            `${new Date(ms - (ms % 1000)).toISOString().slice(0, 19)}+08:00`,
          );
          const instant = readDateTime(text);
          const zone = lastZone;
          expect(instant).toBe(instantMs(text));
          if (form === "fraction" || form === "minus zero") expect(zone).toBe(TEXT_KEPT);
          else expect(dateTimeText(instant, zone)).toBe(text);
        },
      ),
      { numRuns: RUNS * 10 },
    );
  });

  it("keeps a string that is not a date-time as it is", () => {
    for (const text of ["", "soon", "2024-02-30T00:00:00+08:00", "2024-01-01T00:00:00+24:00"]) {
      expect(zoneCodeOf(text)).toBe(TEXT_KEPT);
    }
  });

  it("holds the facts of the object table, in its order, on random logs", () => {
    fc.assert(
      fc.property(streamsArb, picksArb, formsArb, (streams, picks, forms) => {
        const log = varied(interleave(streams, picks), forms);
        const columns = replaySync(petitionFactsProjection, log);
        const objects = referenceFacts(log);
        expect([...columns.petitions.keys()]).toEqual([...objects.petitions.keys()]);
        expect([...columns.petitions.values()]).toEqual([...objects.petitions.values()]);
        for (const id of objects.petitions.keys()) {
          expect(columns.petitions.get(id)).toEqual(objects.petitions.get(id));
        }
        expect(columns.lastOccurredAt).toBe(objects.lastOccurredAt);
        // A snapshot loads back into the same columns.
        const back = petitionFactsProjection.fromSnapshot!(
          JSON.parse(JSON.stringify(petitionFactsProjection.toSnapshot!(columns))),
        );
        expect([...back.petitions.values()]).toEqual([...objects.petitions.values()]);
      }),
      { numRuns: RUNS },
    );
  });

  it("gives the metrics, overdue view and hot topics of the object table", () => {
    fc.assert(
      fc.property(
        streamsArb,
        picksArb,
        formsArb,
        momentArb,
        byArb,
        (streams, picks, forms, asOf, by) => {
          const log = varied(interleave(streams, picks), forms).filter(
            (e) => Date.parse(e.occurredAt) <= Date.parse(asOf),
          );
          const columns = replaySync(petitionFactsProjection, log);
          expect(views(columns, asOf, by)).toEqual(views(referenceFacts(log), asOf, by));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
