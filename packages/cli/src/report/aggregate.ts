import {
  type EventEnvelope,
  type PetitionFactsState,
  parseInstantOption,
  petitionFactsProjection,
  petitionIdOf,
} from "@petitio/core";

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
 * One streaming pass over the log: fold every event up to asOf into the fact
 * table, and count the 催办 / 督办 issued in the period for the org the
 * petition was with at that moment (routed-to, else registering org). Event
 * bodies are dropped as soon as they are folded, so memory grows with the
 * number of petitions, not with the size of the log.
 */
export const aggregateForReport = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: AggregateOptions = {},
): Promise<ReportAggregate> => {
  const asOf =
    options.asOf === undefined
      ? Number.POSITIVE_INFINITY
      : parseInstantOption(options.asOf, "asOf");
  const from =
    options.from === undefined
      ? Number.NEGATIVE_INFINITY
      : parseInstantOption(options.from, "from");
  const to =
    options.to === undefined ? Number.POSITIVE_INFINITY : parseInstantOption(options.to, "to");
  const notices: NoticesByOrg = { reminders: new Map(), supervisions: new Map() };
  let facts = petitionFactsProjection.init();
  for await (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (at > asOf) continue;
    facts = petitionFactsProjection.apply(facts, e);
    if ((e.type === "ReminderIssued" || e.type === "SupervisionIssued") && at >= from && at < to) {
      const id = petitionIdOf(e.streamId);
      const f = id === undefined ? undefined : facts.petitions.get(id);
      const org = f?.routedTo ?? f?.registeredBy ?? "";
      const counts = e.type === "ReminderIssued" ? notices.reminders : notices.supervisions;
      counts.set(org, (counts.get(org) ?? 0) + 1);
    }
  }
  return { facts, notices };
};
