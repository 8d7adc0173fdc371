import {
  type EventEnvelope,
  type PetitionFactsState,
  parseInstantOption,
  petitionFactsProjection,
  petitionIdOf,
} from "@petitio/core";
import {
  applyClassifiedPetitionFact,
  currentOrgOf,
  type EventClass,
  EventClassifier,
  instantMs,
  TYPE,
} from "@petitio/core/adapter";

/** Notices issued per org over the report's period (from the log's ReminderIssued / SupervisionIssued). */
export interface NoticesByOrg {
  reminders: Map<string, number>;
  supervisions: Map<string, number>;
}

export interface ReportAggregate {
  /** The petition fact table as of asOf: every metric, the overdue view and hot topics query it. */
  facts: PetitionFactsState;
  notices: NoticesByOrg;
}

export interface AggregateOptions {
  /** ISO-8601 with offset; later events are skipped. */
  asOf?: string;
  /** The report's period [from, to), for counting notices. */
  from?: string;
  to?: string;
}

/**
 * The report's fold, one event at a time: every event up to asOf goes into
 * the fact table, and the 催办 / 督办 issued in the period are counted for the
 * org the petition was with at that moment (routed-to, else registering org).
 * Event bodies are dropped as soon as they are folded, so memory grows with
 * the number of petitions, not with the size of the log. Synchronous, so the
 * read loop can feed it straight from the parse (see verify/verified-read.ts).
 */
export class ReportAggregator {
  private readonly asOf: number;
  private readonly from: number;
  private readonly to: number;
  private readonly notices: NoticesByOrg = { reminders: new Map(), supervisions: new Map() };
  private facts = petitionFactsProjection.init();
  /** Classifies the events pushed one by one (`push`). */
  private readonly classifier = new EventClassifier();

  constructor(options: AggregateOptions = {}) {
    this.asOf =
      options.asOf === undefined
        ? Number.POSITIVE_INFINITY
        : parseInstantOption(options.asOf, "asOf");
    this.from =
      options.from === undefined
        ? Number.NEGATIVE_INFINITY
        : parseInstantOption(options.from, "from");
    this.to =
      options.to === undefined ? Number.POSITIVE_INFINITY : parseInstantOption(options.to, "to");
  }

  /** Fold one event (`code`: its type's, when the reader has it). */
  push(e: EventEnvelope, code?: number): void {
    this.pushClassified(e, this.classifier.classify(e, code));
  }

  /** Fold one event classified by the caller's pass (event-class.ts), in log order. */
  pushClassified(e: EventEnvelope, c: EventClass): void {
    const notice = c.code === TYPE.ReminderIssued || c.code === TYPE.SupervisionIssued;
    // Without --as-of only notices need their time (to place them in the period).
    const at = notice || this.asOf !== Number.POSITIVE_INFINITY ? instantMs(e.occurredAt) : 0;
    if (at > this.asOf) return;
    this.facts = applyClassifiedPetitionFact(this.facts, e, c);
    if (notice && at >= this.from && at < this.to) {
      const id = petitionIdOf(e.streamId);
      const org = (id === undefined ? null : currentOrgOf(this.facts, id)) ?? "";
      const counts =
        c.code === TYPE.ReminderIssued ? this.notices.reminders : this.notices.supervisions;
      counts.set(org, (counts.get(org) ?? 0) + 1);
    }
  }

  result(): ReportAggregate {
    return { facts: this.facts, notices: this.notices };
  }
}
