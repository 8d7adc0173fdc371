import { type EventEnvelope, type MetricsReport, RATE_NAMES } from "@petitio/core";
import { typeCode, typeName } from "@petitio/core/adapter";
import { RATE_LABELS, type RateName } from "./labels.js";

export const NOT_RECORDED = "not recorded in this log";

/** `not recorded in this log (no A or B event)`. */
export const notRecordedReason = (types: readonly string[]): string =>
  `${NOT_RECORDED} (no ${types.join(" or ")} event)`;

/**
 * The event types that are each main rate's evidence (docs/metrics.md): what
 * its numerator counts, or, for one-time resolution, what takes a petition out
 * of it. A log that holds none of them (an import whose source records no
 * evaluation, no repeat, no review) gives the rate by default, not by finding:
 * 0 % participation, or 100 % one-time resolution, says nothing about the
 * offices. The report marks such a rate beside its value; the value itself is
 * the formula's, unchanged.
 */
export const MAIN_RATE_EVIDENCE: Record<RateName, readonly string[]> = {
  oneTimeResolution: ["ReviewRequested", "RepeatPetitionLinked"],
  onTimeAcceptance: ["PetitionAccepted", "PetitionNotAccepted"],
  onTimeCompletion: ["ReplyIssued"],
  participation: ["SatisfactionEvaluated"],
  satisfaction: ["SatisfactionEvaluated"],
  repeat: ["RepeatPetitionLinked"],
  // A 12345 consultation answered at once is routed by its reply.
  onTimeRouting: ["PetitionRouted", "PetitionRedirected", "ReplyIssued"],
};

/** The main rates whose evidence the log never records, each with its reason. */
export type NotRecorded = Partial<Record<RateName, string>>;

/**
 * The event types of the petition streams of a whole log (every event, asOf
 * or not: a type the source records at all is evidence that it is recorded).
 */
export class PetitionEventTypes {
  private readonly seen = new Set<string>();
  /** The codes of the types in `seen` (type-codes.ts). */
  private readonly seenCodes: boolean[] = [];

  push(event: EventEnvelope): void {
    if (event.streamId.startsWith("petition-")) this.add(typeCode(event.type));
  }

  /** A petition stream's event of this type code (type-codes.ts) was read. */
  add(code: number): void {
    if (this.seenCodes[code] === true) return;
    this.seenCodes[code] = true;
    this.seen.add(typeName(code));
  }

  has(type: string): boolean {
    return this.seen.has(type);
  }

  /** The main rates none of whose evidence occurs in the log. */
  notRecorded(): NotRecorded {
    const marked: NotRecorded = {};
    for (const name of RATE_NAMES) {
      const types = MAIN_RATE_EVIDENCE[name];
      if (!types.some((t) => this.seen.has(t))) marked[name] = notRecordedReason(types);
    }
    return marked;
  }
}

/** `— 参评率: not recorded in this log (no SatisfactionEvaluated event), so 0/1464 is not a finding` lines. */
export const notRecordedLines = (report: MetricsReport, notRecorded: NotRecorded): string[] =>
  RATE_NAMES.flatMap((n) => {
    const reason = notRecorded[n];
    if (reason === undefined) return [];
    const r = report.rates[n];
    const sample =
      r.denominator === 0 ? "" : `, so ${r.numerator}/${r.denominator} is not a finding`;
    return [`— ${RATE_LABELS[n].zh}: ${reason}${sample}`];
  });
