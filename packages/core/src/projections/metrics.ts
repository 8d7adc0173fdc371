import type { PetitionEventType } from "../events/catalog.js";
import type { EventEnvelope } from "../events/envelope.js";
import { FactTable } from "./fact-table.js";
import {
  type GroupBy,
  type MetricsOptions,
  type ResolvedMetricsOptions,
  resolveMetricsOptions,
} from "./metric-options.js";
import {
  type PetitionFacts,
  type PetitionFactsState,
  petitionFactsProjection,
} from "./petition-facts.js";
import { replay } from "./replay.js";
import { stageStatusOf } from "./stage-status.js";
import { monthOf } from "./zoned-month.js";

/**
 * The supervisor metrics of docs/metrics.md, as a query
 * over the petition fact table. Each formula is written out in docs/metrics.md
 * with its source and a worked example.
 */

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when the denominator is 0. */
  value: number | null;
}

export interface MetricCounts {
  registered: number;
  open: number;
  /** Open, at a stage where an office owes an action, past its due time: the 督办 list. */
  overdue: number;
  /** The same office stages, not overdue, due within the reminder window: the 催办 list. */
  dueSoon: number;
  /** Open and in a petitioner's window (reviewRequest, reexaminationRequest): chases no office. */
  awaitingPetitioner: number;
}

export interface MetricRates {
  oneTimeResolution: Rate;
  onTimeAcceptance: Rate;
  onTimeCompletion: Rate;
  participation: Rate;
  satisfaction: Rate;
  repeat: Rate;
  /** Routed (or redirected) by the routing due time (W22 Art. 22); an addition to LOG-FORMAT v1. */
  onTimeRouting: Rate;
}

export interface MetricsGroup {
  key: string;
  counts: MetricCounts;
  rates: MetricRates;
}

export interface MetricsReport {
  asOf: string;
  from: string | null;
  to: string | null;
  counts: MetricCounts;
  rates: MetricRates;
  /** One entry per group key (sorted), when `by` is set; otherwise empty. */
  groups: MetricsGroup[];
}

export type { GroupBy, MetricsOptions } from "./metric-options.js";

/** Key used for petitions registered without a topic. */
export const NO_TOPIC = "(none)";

/** The rates of a report (the keys of `MetricRates`), in the order they are listed. */
export const RATE_NAMES = [
  "oneTimeResolution",
  "onTimeAcceptance",
  "onTimeCompletion",
  "participation",
  "satisfaction",
  "repeat",
  "onTimeRouting",
] as const satisfies readonly (keyof MetricRates)[];

/**
 * The event types each rate reads (its due times and its decisive events): if
 * an importer synthesized those events, the rate describes the importer's
 * assumptions rather than the record (the CLI's report says so).
 */
export const RATE_INPUTS = {
  // A synthesized lapse of the review window is an importer's "no review was asked for".
  oneTimeResolution: [
    "ReplyIssued",
    "ReviewRequested",
    "RepeatPetitionLinked",
    "PetitionConcluded",
  ],
  onTimeAcceptance: ["PetitionRouted", "PetitionAccepted", "PetitionNotAccepted"],
  onTimeCompletion: ["PetitionAccepted", "HandlingExtended", "ReplyIssued"],
  participation: ["ReplyIssued", "SatisfactionEvaluated"],
  satisfaction: ["SatisfactionEvaluated"],
  repeat: ["PetitionRegistered", "RepeatPetitionLinked"],
  onTimeRouting: ["PetitionRegistered", "RoutingObjected", "PetitionRouted", "PetitionRedirected"],
} as const satisfies Record<keyof MetricRates, readonly PetitionEventType[]>;

/** Running tallies of one group: counts and each rate's numerator and denominator. */
class Tally {
  registered = 0;
  open = 0;
  overdue = 0;
  dueSoon = 0;
  awaitingPetitioner = 0;
  readonly num = new Float64Array(RATE_NAMES.length);
  readonly den = new Float64Array(RATE_NAMES.length);

  isEmpty(): boolean {
    return this.registered === 0 && this.open === 0 && this.den.every((d) => d === 0);
  }

  counts(): MetricCounts {
    return {
      registered: this.registered,
      open: this.open,
      overdue: this.overdue,
      dueSoon: this.dueSoon,
      awaitingPetitioner: this.awaitingPetitioner,
    };
  }

  rates(): MetricRates {
    const rate = (i: number): Rate => {
      const numerator = this.num[i]!;
      const denominator = this.den[i]!;
      return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
    };
    return {
      oneTimeResolution: rate(0),
      onTimeAcceptance: rate(1),
      onTimeCompletion: rate(2),
      participation: rate(3),
      satisfaction: rate(4),
      repeat: rate(5),
      onTimeRouting: rate(6),
    };
  }
}

const ONE_TIME = 0;
const ACCEPTANCE = 1;
const COMPLETION = 2;
const PARTICIPATION = 3;
const SATISFACTION = 4;
const REPEAT = 5;
const ROUTING = 6;

/** Add one petition's contribution to the tallies it belongs to. */
const tallyPetition = (f: PetitionFacts, o: ResolvedMetricsOptions, tallies: Tally[]): void => {
  const inPeriod = (ms: number | null): ms is number =>
    ms !== null && ms >= o.fromMs && ms < o.toMs;
  const add = (i: number, counted: boolean) => {
    for (const t of tallies) {
      t.den[i]!++;
      if (counted) t.num[i]!++;
    }
  };

  if (inPeriod(f.receivedAt)) {
    for (const t of tallies) t.registered++;
    add(REPEAT, f.isRepeat);
  }

  const status = stageStatusOf(f, o.asOfMs, o.reminderWindowMs);
  if (f.closedBy === null) {
    // Only a stage where an office owes an action is overdue or due soon, so
    // these counts are the lengths of the 督办 and 催办 lists (overdue.ts).
    const office = status?.awaiting === "office";
    for (const t of tallies) {
      t.open++;
      if (office && status.status === "overdue") t.overdue++;
      else if (office && status.status === "dueSoon") t.dueSoon++;
      else if (status?.awaiting === "petitioner") t.awaitingPetitioner++;
    }
  }

  const delivered = f.firstReplyDeliveredAt;
  if (inPeriod(delivered)) {
    // One-time resolution: first-time petitions whose window W after the
    // first reply has closed; resolved if neither a review request nor a
    // repeat petition came within the window.
    const windowEnd = delivered + o.resolutionWindowMs;
    if (!f.isRepeat && windowEnd <= o.asOfMs) {
      const reviewed = f.firstReviewRequestAt !== null && f.firstReviewRequestAt <= windowEnd;
      const repeated = f.firstRepeatLinkAt !== null && f.firstRepeatLinkAt <= windowEnd;
      add(ONE_TIME, !reviewed && !repeated);
    }
    add(PARTICIPATION, f.rating !== null);
    if (f.rating !== null) add(SATISFACTION, f.rating !== "unsatisfied");
  }

  const acceptanceDue = f.acceptanceDueAt;
  if (inPeriod(acceptanceDue) && acceptanceDue <= o.asOfMs) {
    add(ACCEPTANCE, f.firstDecisionAt !== null && f.firstDecisionAt <= acceptanceDue);
  }

  // On-time routing (W22 Art. 22): every routing decision, the first and each
  // one after an objection, by the routing due time then in force; one still
  // pending past that due time at asOf is late. The period is the registration's due time.
  const routingDue = f.firstRoutingDueAt;
  if (inPeriod(routingDue) && routingDue <= o.asOfMs) {
    const overduePending =
      f.routingPending && f.routingDueAt !== null && Date.parse(f.routingDueAt) <= o.asOfMs;
    add(ROUTING, !f.routingLate && !overduePending);
  }

  const handlingDue = f.handlingDueAt;
  if (inPeriod(handlingDue) && handlingDue <= o.asOfMs) {
    add(COMPLETION, f.firstReplyAt !== null && f.firstReplyAt <= handlingDue);
  }
};

/** The group key of a petition (docs/log-format.md "Grouping"). */
export const groupKeyOf = (f: PetitionFacts, by: GroupBy, timeZone: string): string => {
  switch (by) {
    case "org":
      return f.routedTo ?? f.registeredBy ?? "";
    case "category":
      return f.category ?? "";
    case "topic":
      return f.topic ?? NO_TOPIC;
    case "month":
      return f.receivedAt === null ? "" : monthOf(f.receivedAt, timeZone);
  }
};

/**
 * Metrics over a fact table. The table must hold exactly the events up to
 * `asOf` (what `computeMetrics` and the runner's `queryAsOf` give); a table
 * that went further would count later facts.
 */
export const metricsFromFacts = (
  state: PetitionFactsState,
  options: MetricsOptions = {},
): MetricsReport => {
  const o = resolveMetricsOptions(options, state);
  const total = new Tally();
  const groups = new Map<string, Tally>();
  // Each petition is read once and kept by nothing: the table's cursor makes no object per petition.
  const petitions = state instanceof FactTable ? state.rowCursor() : state.petitions.values();
  for (const f of petitions) {
    // A petition exists for the report once it is registered (as of asOf).
    if (!f.registered) continue;
    const tallies = [total];
    if (o.by !== undefined) {
      const key = groupKeyOf(f, o.by, o.timeZone);
      let group = groups.get(key);
      if (!group) {
        group = new Tally();
        groups.set(key, group);
      }
      tallies.push(group);
    }
    tallyPetition(f, o, tallies);
  }
  return {
    asOf: o.asOf,
    from: o.from,
    to: o.to,
    counts: total.counts(),
    rates: total.rates(),
    groups: [...groups.entries()]
      .filter(([, t]) => !t.isEmpty())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, t]) => ({ key, counts: t.counts(), rates: t.rates() })),
  };
};

/**
 * Replay a log (in position order) and compute its metrics as of
 * `options.asOf`: events that occurred after it are ignored.
 */
export const computeMetrics = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: MetricsOptions = {},
): Promise<MetricsReport> => {
  // Bad options fail before the log is read.
  resolveMetricsOptions(options, { lastOccurredAt: null });
  const state = await replay(petitionFactsProjection, events, { asOf: options.asOf });
  return metricsFromFacts(state, options);
};
