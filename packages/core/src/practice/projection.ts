import type { EventEnvelope } from "../events/envelope.js";
import {
  type EventClass,
  isLaterThan,
  PETITION_STREAM_PREFIX,
} from "../projections/event-class.js";
import { isLaterTime } from "../projections/later-time.js";
import type { Projection } from "../projections/projection.js";
import { TYPE, typeCode } from "../projections/type-codes.js";
import { DEFAULT_TIME_ZONE, monthOf } from "../projections/zoned-month.js";
import { PetitionColumns, type PetitionFact } from "./petition-columns.js";
import { parsePracticeStreamId } from "./streams.js";

/**
 * The practice projection: facts of every practice stream (and the few petition
 * facts they are judged by: a petition's topic, reception time and conclusion),
 * and a query that turns them into the numbers of docs/metrics.md "Practice",
 * as of any moment. Every fact keeps its time, so `asOf` filters, like the
 * petition metrics: what the system showed that day.
 */

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

interface SuggestionFact {
  campaignId?: string;
  receivedAt: string;
  feedbackDueAt: string;
  assessedAt?: string;
  adoptedAt?: string;
  feedbackAt?: string;
  rewardedAt?: string;
}
interface CampaignFact {
  kind: string;
  title: string;
  topic: string;
  openedAt: string;
}
interface RecommendationFact {
  kind: string;
  toOrg: string;
  issuedAt: string;
  responseDueAt: string;
  feedbackAt?: string;
  closedAt?: string;
}
interface CycleFact {
  month: string;
  topic: string;
  leadOrg: string;
  chosenAt: string;
  closedAt?: string;
  tasks: Record<string, { org: string; dueAt: string; assignedAt: string; completedAt?: string }>;
}
interface ReceptionFact {
  at: string;
  kind: string;
  level: string;
  people: number;
  petitions: number;
}
interface CoHandlingFact {
  leadOrg: string;
  orgs: Record<string, { dueAt: string; requestedAt: string; completedAt?: string }>;
}

export interface PracticeFacts {
  suggestions: Record<string, SuggestionFact>;
  campaigns: Record<string, CampaignFact>;
  recommendations: Record<string, RecommendationFact>;
  cycles: Record<string, CycleFact>;
  receptions: ReceptionFact[];
  leaderCases: Record<string, { takenAt: string; level: string }>;
  /** 首接负责制 (BJ Art. 14): per ticket, its first receiver and the orgs it asked to co-handle. */
  coHandling: Record<string, CoHandlingFact>;
  petitions: Record<string, PetitionFact>;
  /** The latest occurredAt folded: "now" for a query without asOf. */
  lastAt?: string;
}

/**
 * The state the projection folds into: the practice streams' facts as plain
 * records, and the petitions' in columns (petition-columns.ts). `petitions`
 * makes their plain record when it is read; snapshots hold the plain form.
 */
class PracticeState implements PracticeFacts {
  suggestions: Record<string, SuggestionFact> = {};
  campaigns: Record<string, CampaignFact> = {};
  recommendations: Record<string, RecommendationFact> = {};
  cycles: Record<string, CycleFact> = {};
  receptions: ReceptionFact[] = [];
  leaderCases: Record<string, { takenAt: string; level: string }> = {};
  coHandling: Record<string, CoHandlingFact> = {};
  lastAt?: string;
  constructor(readonly petitionColumns = new PetitionColumns()) {}

  get petitions(): Record<string, PetitionFact> {
    return this.petitionColumns.toRecord();
  }
}

const init = (): PracticeFacts => new PracticeState();

/** The state of `f`: itself, or one holding a plain state's facts (a snapshot, a state made by hand). */
const stateOf = (f: PracticeFacts): PracticeState => {
  if (f instanceof PracticeState) return f;
  const state = new PracticeState(PetitionColumns.fromRecord(f.petitions));
  state.suggestions = f.suggestions;
  state.campaigns = f.campaigns;
  state.recommendations = f.recommendations;
  state.cycles = f.cycles;
  state.receptions = f.receptions;
  state.leaderCases = f.leaderCases;
  state.coHandling = f.coHandling;
  if (f.lastAt !== undefined) state.lastAt = f.lastAt;
  return state;
};

/** The plain form of a state, as the projection kept it before its petitions were in columns. */
const toPlain = (f: PracticeFacts): PracticeFacts => ({
  suggestions: f.suggestions,
  campaigns: f.campaigns,
  recommendations: f.recommendations,
  cycles: f.cycles,
  receptions: f.receptions,
  leaderCases: f.leaderCases,
  coHandling: f.coHandling,
  petitions: f.petitions,
  ...(f.lastAt === undefined ? {} : { lastAt: f.lastAt }),
});

/** A petition stream's event (`code`: its type's): only its registration and its resolution are practice facts. */
function applyPetition(f: PracticeState, e: EventEnvelope, code: number): void {
  if (code === TYPE.PetitionRegistered) {
    const d = e.data;
    f.petitionColumns.register(
      e.streamId,
      String(d.receivedAt),
      typeof d.topic === "string" ? d.topic : undefined,
    );
  } else if (code === TYPE.PetitionConcluded && e.data.reason === "resolved") {
    f.petitionColumns.resolve(e.streamId, e.occurredAt);
  }
}

function apply(state: PracticeFacts, e: EventEnvelope): PracticeFacts {
  const f = stateOf(state);
  // Compared as strings when they share a form and offset: no date read per event.
  if (isLaterTime(e.occurredAt, f.lastAt)) f.lastAt = e.occurredAt;
  if (e.streamId.startsWith(PETITION_STREAM_PREFIX)) applyPetition(f, e, typeCode(e.type));
  else applyPracticeStream(f, e);
  return f;
}

/**
 * `practiceProjection.apply` for a pass that classified the event already
 * (event-class.ts): its type code, stream and latest time are not read again.
 */
export function applyClassifiedPractice(
  state: PracticeFacts,
  e: EventEnvelope,
  c: EventClass,
): PracticeFacts {
  const f = stateOf(state);
  if (isLaterThan(c, e.occurredAt, f.lastAt)) f.lastAt = e.occurredAt;
  if (c.petition) applyPetition(f, e, c.code);
  else applyPracticeStream(f, e);
  return f;
}

/** An event of a stream that is not a petition's: a practice stream's, or nothing. */
function applyPracticeStream(f: PracticeState, e: EventEnvelope): void {
  const stream = parsePracticeStreamId(e.streamId);
  if (!stream) return;
  const d = e.data as Record<string, unknown>;
  const at = e.occurredAt;
  const s = f.suggestions[stream.id];
  const r = f.recommendations[stream.id];
  const c = f.cycles[stream.id];
  switch (e.type) {
    case "SuggestionCampaignOpened":
      f.campaigns[stream.id] = {
        kind: String(d.kind),
        title: String(d.title),
        topic: String(d.topic),
        openedAt: at,
      };
      break;
    case "SuggestionSubmitted":
      f.suggestions[stream.id] = {
        ...(typeof d.campaignId === "string" ? { campaignId: d.campaignId } : {}),
        receivedAt: String(d.receivedAt),
        feedbackDueAt: String(d.feedbackDueAt),
      };
      break;
    case "SuggestionAssessed":
      if (s) s.assessedAt ??= at;
      break;
    case "SuggestionAdopted":
      if (s) s.adoptedAt ??= at;
      break;
    case "SuggestionFeedbackGiven":
      if (s) s.feedbackAt ??= String(d.deliveredAt);
      break;
    case "SuggestionRewarded":
      if (s) s.rewardedAt ??= at;
      break;
    case "RecommendationIssued":
      f.recommendations[stream.id] = {
        kind: String(d.kind),
        toOrg: String(d.toOrg),
        issuedAt: at,
        responseDueAt: String(d.responseDueAt),
      };
      break;
    case "RecommendationFeedbackReceived":
      if (r) r.feedbackAt ??= at;
      break;
    case "RecommendationClosed":
      if (r) r.closedAt ??= at;
      break;
    case "MonthlyTopicChosen":
      f.cycles[stream.id] = {
        month: String(d.month),
        topic: String(d.topic),
        leadOrg: String(d.leadOrg),
        chosenAt: at,
        tasks: {},
      };
      break;
    case "RectificationTaskAssigned":
      if (c)
        c.tasks[String(d.taskId)] = { org: String(d.org), dueAt: String(d.dueAt), assignedAt: at };
      break;
    case "RectificationTaskCompleted": {
      const task = c?.tasks[String(d.taskId)];
      if (task) task.completedAt ??= at;
      break;
    }
    case "MonthlyTopicClosed":
      if (c) c.closedAt ??= at;
      break;
    case "ReceptionHeld":
      f.receptions.push({
        at,
        kind: String(d.kind),
        level: String((d.leader as { level?: unknown } | undefined)?.level),
        people: Number(d.peopleReceived),
        petitions: Array.isArray(d.petitionIds) ? d.petitionIds.length : 0,
      });
      break;
    case "CoHandlingRequested": {
      f.coHandling[stream.id] ??= { leadOrg: String(d.leadOrg), orgs: {} };
      const fact = f.coHandling[stream.id];
      for (const org of d.orgs as string[]) {
        if (fact) fact.orgs[org] ??= { dueAt: String(d.reportDueAt), requestedAt: at };
      }
      break;
    }
    case "CoHandlingReported": {
      const asked = f.coHandling[stream.id]?.orgs[String(d.org)];
      if (asked && d.complete === true) asked.completedAt ??= at;
      break;
    }
    case "LeaderTookCharge":
      f.leaderCases[String(d.petitionId)] ??= {
        takenAt: at,
        level: String((d.leader as { level?: unknown } | undefined)?.level),
      };
      break;
  }
}

export interface PracticeQuery {
  /** The moment described (default: the last event folded). */
  asOf?: string;
  /** Period [from, to) for the flows (received, issued, held, taken). */
  from?: string;
  to?: string;
  timeZone?: string;
  /** Months compared before and after a 每月一题 cycle (default 3). */
  volumeMonths?: number;
}

export interface MonthlyTopicReport {
  cycleId: string;
  month: string;
  topic: string;
  leadOrg: string;
  tasks: number;
  completed: number;
  overdue: number;
  closed: boolean;
  /** Petitions on the topic received per month: the cycle's month and the ones before it … */
  before: { months: string[]; count: number };
  /** … and the complete months after the cycle closed (or after its month while open). */
  after: { months: string[]; count: number };
}

export interface PracticeReport {
  suggestions: {
    received: number;
    byCampaign: { campaignId: string; title: string; kind: string; received: number }[];
    adoption: Rate;
    onTimeFeedback: Rate;
    medianDaysToFeedback: number | null;
    rewarded: number;
  };
  recommendations: { issued: number; openByOrg: Record<string, number>; onTimeFeedback: Rate };
  monthlyTopics: MonthlyTopicReport[];
  receptions: {
    sessions: number;
    people: number;
    byLevel: Record<string, { sessions: number; people: number }>;
    byKind: Record<string, number>;
  };
  leaderCases: { taken: number; resolved: Rate };
  /**
   * 首接负责制 (BJ Art. 14): tickets whose first receiver asked other orgs to
   * co-handle (in the period), the orgs asked, and the results that reached the
   * first receiver by their due time ÷ results due.
   */
  coHandling: { tickets: number; orgsAsked: number; onTimeResults: Rate };
}

const DAY_MS = 86_400_000;

function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? null)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function practiceReport(facts: PracticeFacts, query: PracticeQuery = {}): PracticeReport {
  const f = stateOf(facts);
  const petitions = f.petitionColumns;
  // Without asOf, the report describes the moment of the last event folded.
  const asOfText = query.asOf ?? f.lastAt;
  const asOf = asOfText === undefined ? Number.POSITIVE_INFINITY : Date.parse(asOfText);
  const from = query.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.from);
  const to = query.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.to);
  const zone = query.timeZone ?? DEFAULT_TIME_ZONE;
  const known = (t: string | undefined) => t !== undefined && Date.parse(t) <= asOf;
  const inPeriod = (t: string) => {
    const ms = Date.parse(t);
    return ms >= from && ms < to && ms <= asOf;
  };

  const suggestions = Object.values(f.suggestions).filter((s) => inPeriod(s.receivedAt));
  const byCampaign = Object.entries(f.campaigns)
    .filter(([, c]) => known(c.openedAt))
    .map(([campaignId, c]) => ({
      campaignId,
      title: c.title,
      kind: c.kind,
      received: suggestions.filter((s) => s.campaignId === campaignId).length,
    }));
  const feedbackDue = Object.values(f.suggestions).filter((s) => inPeriod(s.feedbackDueAt));
  const recommendations = Object.values(f.recommendations);
  const openByOrg: Record<string, number> = {};
  for (const r of recommendations) {
    if (known(r.issuedAt) && !known(r.closedAt)) openByOrg[r.toOrg] = (openByOrg[r.toOrg] ?? 0) + 1;
  }
  const responseDue = recommendations.filter((r) => inPeriod(r.responseDueAt));
  const receptions = f.receptions.filter((r) => inPeriod(r.at));
  const byLevel: Record<string, { sessions: number; people: number }> = {};
  const byKind: Record<string, number> = {};
  for (const r of receptions) {
    const level = byLevel[r.level] ?? { sessions: 0, people: 0 };
    byLevel[r.level] = level;
    level.sessions += 1;
    level.people += r.people;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  }
  const cases = Object.entries(f.leaderCases).filter(([, c]) => inPeriod(c.takenAt));
  const asked = Object.values(f.coHandling).flatMap((t) => Object.values(t.orgs));
  const askedInPeriod = asked.filter((o) => inPeriod(o.requestedAt));
  const resultsDue = asked.filter(
    (o) => inPeriod(o.dueAt) || (inPeriod(o.requestedAt) && known(o.completedAt)),
  );
  const asOfMonth = Number.isFinite(asOf) ? monthOf(asOf, zone) : undefined;
  const volumeMonths = query.volumeMonths ?? 3;
  const countTopic = (topic: string, months: string[]) => {
    let count = 0;
    for (let row = 0; row < petitions.size; row++) {
      const at = petitions.receivedAt(row);
      if (petitions.topic(row) === topic && at <= asOf && months.includes(monthOf(at, zone))) {
        count++;
      }
    }
    return count;
  };
  const resolvedByAsOf = (petitionId: string) => {
    const row = petitions.find(petitionId);
    return row !== -1 && petitions.resolvedAt(row) <= asOf;
  };

  return {
    suggestions: {
      received: suggestions.length,
      byCampaign,
      adoption: rate(
        suggestions.filter((s) => known(s.adoptedAt)).length,
        suggestions.filter((s) => known(s.assessedAt)).length,
      ),
      onTimeFeedback: rate(
        feedbackDue.filter(
          (s) =>
            known(s.feedbackAt) && Date.parse(s.feedbackAt ?? "") <= Date.parse(s.feedbackDueAt),
        ).length,
        feedbackDue.length,
      ),
      medianDaysToFeedback: median(
        suggestions
          .filter((s) => known(s.feedbackAt))
          .map((s) => (Date.parse(s.feedbackAt ?? "") - Date.parse(s.receivedAt)) / DAY_MS),
      ),
      rewarded: suggestions.filter((s) => known(s.rewardedAt)).length,
    },
    recommendations: {
      issued: recommendations.filter((r) => inPeriod(r.issuedAt)).length,
      openByOrg,
      onTimeFeedback: rate(
        responseDue.filter(
          (r) =>
            known(r.feedbackAt) && Date.parse(r.feedbackAt ?? "") <= Date.parse(r.responseDueAt),
        ).length,
        responseDue.length,
      ),
    },
    monthlyTopics: Object.entries(f.cycles)
      .filter(([, c]) => known(c.chosenAt))
      .map(([cycleId, c]) => {
        const tasks = Object.values(c.tasks).filter((t) => known(t.assignedAt));
        const closed = known(c.closedAt);
        const before = Array.from({ length: volumeMonths }, (_, i) =>
          addMonths(c.month, i - volumeMonths + 1),
        );
        const start = closed ? monthOf(Date.parse(c.closedAt ?? ""), zone) : c.month;
        const after = Array.from({ length: volumeMonths }, (_, i) =>
          addMonths(start, i + 1),
        ).filter((m) => asOfMonth === undefined || m < asOfMonth);
        return {
          cycleId,
          month: c.month,
          topic: c.topic,
          leadOrg: c.leadOrg,
          tasks: tasks.length,
          completed: tasks.filter((t) => known(t.completedAt)).length,
          overdue: tasks.filter((t) => !known(t.completedAt) && Date.parse(t.dueAt) < asOf).length,
          closed,
          before: { months: before, count: countTopic(c.topic, before) },
          after: { months: after, count: countTopic(c.topic, after) },
        };
      }),
    receptions: {
      sessions: receptions.length,
      people: receptions.reduce((n, r) => n + r.people, 0),
      byLevel,
      byKind,
    },
    leaderCases: {
      taken: cases.length,
      resolved: rate(cases.filter(([id]) => resolvedByAsOf(id)).length, cases.length),
    },
    coHandling: {
      tickets: Object.values(f.coHandling).filter((t) =>
        Object.values(t.orgs).some((o) => inPeriod(o.requestedAt)),
      ).length,
      orgsAsked: askedInPeriod.length,
      onTimeResults: rate(
        resultsDue.filter(
          (o) => known(o.completedAt) && Date.parse(o.completedAt ?? "") <= Date.parse(o.dueAt),
        ).length,
        resultsDue.length,
      ),
    },
  };
}

/** The practice facts as a projection: rebuildable from the log, snapshot-able (plain JSON). */
export const practiceProjection: Projection<PracticeFacts, PracticeQuery, PracticeReport> = {
  name: "practice",
  version: 2,
  init,
  apply,
  query: practiceReport,
  toSnapshot: toPlain,
  fromSnapshot: (data) => stateOf(data as PracticeFacts),
};
