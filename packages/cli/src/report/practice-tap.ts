import {
  type EventEnvelope,
  type HotlineRates,
  hotlineRatesFold,
  type PracticeReport,
  parsePracticeStreamId,
  practiceProjection,
  practiceReport,
  type Rate,
} from "@petitio/core";
import { applyClassifiedPractice, type EventClass } from "@petitio/core/adapter";
import type { TimeOptions } from "../cli/time-options.js";
import type { SynthesizedShare, SynthesizedTally } from "../input/synthesized-tally.js";
import type { HotlineRateName } from "./practice-text.js";
import { notRecordedReason, type PetitionEventTypes } from "./rate-evidence.js";

/** A rate whose evidence the log does not carry: `value` is null and `reason` says why. */
export type UnrecordedRate = Rate & { value: null; reason: string };

/**
 * The event that is a 12345 rate's numerator's evidence. When the log holds none
 * of it (an import whose source does not record it, e.g. no caller contact), the
 * rate has no data: 0/N would read as "never done", so it is shown as — instead.
 */
const HOTLINE_RATE_EVIDENCE: Record<HotlineRateName, string> = {
  response: "PetitionAccepted",
  resolution: "CallBackRecorded",
  satisfaction: "CallBackRecorded",
  onTimeHandling: "ReplyIssued",
  onTimeCallBack: "CallBackRecorded",
  callerContacted: "CallerContacted",
};

/** The rates whose evidence is absent from the log, as `UnrecordedRate`s. */
const markUnrecorded = (h: HotlineRates, seen: PetitionEventTypes): HotlineRates => {
  const marked: HotlineRates = { ...h };
  for (const [name, type] of Object.entries(HOTLINE_RATE_EVIDENCE)) {
    if (seen.has(type)) continue;
    const unrecorded: UnrecordedRate = {
      ...h[name as HotlineRateName],
      value: null,
      reason: notRecordedReason([type]),
    };
    marked[name as HotlineRateName] = unrecorded;
  }
  return marked;
};

/** The reason of a rate marked by `markUnrecorded`, else undefined. */
export const unrecordedReason = (r: Rate): string | undefined =>
  "reason" in r && typeof r.reason === "string" ? r.reason : undefined;

/** The practice desk's report and the 12345 rates, each present only when the log carries its events. */
export interface PracticeSections {
  practice?: PracticeReport;
  hotline?: HotlineRates;
  /** 12345 rates resting on events an importer synthesized: per rate, the event types and shares. */
  hotlineSynthesized?: Partial<Record<HotlineRateName, Record<string, SynthesizedShare>>>;
}

/** The event types each 12345 rate reads (hotline-rates.ts), to name the synthesized ones. */
const HOTLINE_RATE_INPUTS: Record<HotlineRateName, readonly string[]> = {
  response: ["PetitionRouted", "PetitionAccepted"],
  resolution: ["CallBackRecorded"],
  satisfaction: ["CallBackRecorded"],
  onTimeHandling: ["PetitionAccepted", "HandlingExtended", "ReturnedForRehandling", "ReplyIssued"],
  onTimeCallBack: ["ReplyIssued", "CallBackRecorded"],
  callerContacted: ["CallerContacted", "ReplyIssued"],
};

const synthesizedOf = (tally: SynthesizedTally): Pick<PracticeSections, "hotlineSynthesized"> => {
  const rates: NonNullable<PracticeSections["hotlineSynthesized"]> = {};
  for (const [rate, types] of Object.entries(HOTLINE_RATE_INPUTS)) {
    const shares = tally.sharesOf(types);
    if (Object.keys(shares).length > 0) rates[rate as HotlineRateName] = shares;
  }
  return Object.keys(rates).length > 0 ? { hotlineSynthesized: rates } : {};
};

/**
 * Folds the practice streams (suggestions, 三项建议, 每月一题, receptions, 包案)
 * and the 12345 tickets as the report's single pass over the log goes by, so
 * the report reads the log once however many sections it prints.
 */
export class PracticeTap {
  private facts = practiceProjection.init();
  private readonly hotline;
  private sawPractice = false;

  /** `petitionTypes`: the event types of the log's petition streams, filled by the report's fold. */
  constructor(
    private readonly time: TimeOptions,
    private readonly petitionTypes: PetitionEventTypes,
  ) {
    this.hotline = hotlineRatesFold(time.asOf === undefined ? {} : { asOf: time.asOf });
  }

  /** Fold one event of the log classified by the report's pass (event-class.ts), in log order. */
  push(event: EventEnvelope, c: EventClass): void {
    this.hotline.applyClassified(event, c);
    if (!c.petition) {
      if (parsePracticeStreamId(event.streamId) === undefined) return;
      this.sawPractice = true;
    }
    this.facts = applyClassifiedPractice(this.facts, event, c);
  }

  /** The sections, once the log has been read (`tally`: the synthesized events it counted). */
  sections(tally?: SynthesizedTally): PracticeSections {
    const { asOf, from, to, timeZone } = this.time;
    const hotline = this.hotline.result();
    return {
      ...(this.sawPractice
        ? {
            practice: practiceReport(this.facts, {
              timeZone,
              ...(asOf ? { asOf } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            }),
          }
        : {}),
      ...(hotline ? { hotline: markUnrecorded(hotline, this.petitionTypes) } : {}),
      ...(hotline && tally ? synthesizedOf(tally) : {}),
    };
  }
}
