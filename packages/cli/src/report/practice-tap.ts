import {
  type EventEnvelope,
  type HotlineRates,
  hotlineRatesFold,
  type PracticeReport,
  parsePracticeStreamId,
  practiceProjection,
  practiceReport,
} from "@petitio/core";
import type { TimeOptions } from "../cli/time-options.js";

/** The practice desk's report and the 12345 rates, each present only when the log carries its events. */
export interface PracticeSections {
  practice?: PracticeReport;
  hotline?: HotlineRates;
}

/**
 * Folds the practice streams (suggestions, 三项建议, 每月一题, receptions, 包案)
 * and the 12345 tickets as the report's single pass over the log goes by, so
 * the report reads the log once however many sections it prints.
 */
export class PracticeTap {
  private facts = practiceProjection.init();
  private readonly hotline;
  private sawPractice = false;

  constructor(private readonly time: TimeOptions) {
    this.hotline = hotlineRatesFold(time.asOf === undefined ? {} : { asOf: time.asOf });
  }

  /** Pass the events through, folding each. */
  async *observe(events: AsyncIterable<EventEnvelope>): AsyncGenerator<EventEnvelope> {
    for await (const event of events) {
      this.fold(event);
      yield event;
    }
  }

  private fold(event: EventEnvelope): void {
    this.hotline.apply(event);
    if (!event.streamId.startsWith("petition-")) {
      if (parsePracticeStreamId(event.streamId) === undefined) return;
      this.sawPractice = true;
    }
    this.facts = practiceProjection.apply(this.facts, event);
  }

  /** The sections, once the log has been read. */
  sections(): PracticeSections {
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
      ...(hotline ? { hotline } : {}),
    };
  }
}
