import type { RequestType } from "../events/catalog.js";
import { dueCounting, type ExcludedSpan } from "./legal-time.js";
import { handlingLimitOf, type Policy } from "./policy-config.js";

/**
 * The due times that change while a stage runs, each counted again from the
 * stage's start with `dueCounting` (one period, rolled once; docs/policies.md):
 * the engine stores them, `petitio verify --policy` checks them.
 */

/** What a petition's state keeps for counting again (`PetitionState` has these fields). */
export interface CountedPeriods {
  requestType?: RequestType;
  periodStarts: { handling?: string; reexamination?: string };
  hearingSpans: readonly (ExcludedSpan & { stage: string })[];
}

/**
 * The handling due time after an extension of `days` (W22 Art. 34): the
 * handling limit and the extension counted as one period from the acceptance
 * (or the latest 退回再办). `start` stands in when the state knows no start
 * (a log that begins mid-procedure).
 */
export function extendedHandlingDueAt(
  policy: Policy,
  periods: CountedPeriods,
  days: number,
  start: string,
): string {
  return dueCounting(
    policy,
    handlingLimitOf(policy, periods.requestType),
    periods.periodStarts.handling ?? start,
    { extraDays: days },
  );
}

/**
 * The re-examination due time once a hearing `ending` closes (W22 Art. 36 ¶2:
 * hearing time is not counted): 30 days from the request with the dates of
 * every re-examination hearing so far, this one included, not counted.
 */
export function reexaminationDueAfterHearing(
  policy: Policy,
  periods: CountedPeriods,
  ending: ExcludedSpan,
  start: string,
): string {
  const excluded = [
    ...periods.hearingSpans.filter((span) => span.stage === "reexamination"),
    ending,
  ].map(({ from, to }) => ({ from, to }));
  return dueCounting(policy, "reexamination", periods.periodStarts.reexamination ?? start, {
    excluded,
  });
}
