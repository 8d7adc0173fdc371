import { ValidationError } from "../errors.js";
import type { Stage } from "../events/catalog.js";
import type { EventEnvelope } from "../events/envelope.js";
import { resolveAsOf } from "./metric-options.js";
import {
  type Awaiting,
  type PetitionFactsState,
  petitionFactsProjection,
} from "./petition-facts.js";
import { replay } from "./replay.js";
import {
  DAY_MS,
  DEFAULT_REMINDER_WINDOW_DAYS,
  type DueStatus,
  stageStatusOf,
} from "./stage-status.js";
import { checkTimeZone } from "./zoned-month.js";

/**
 * The overdue view (docs/metrics.md): every open petition with its current stage,
 * due time and status, and the two lists a supervisor works from: 催办
 * (reminders: due soon) and 督办 (supervision: overdue, W22 Art. 40).
 */

export interface OverdueItem {
  petitionId: string;
  /** Last org routed to, else the registering org. */
  org: string;
  stage: Stage;
  /** Due time of the current stage, as stored in the log. */
  dueAt: string;
  status: DueStatus;
  /** Whole days to `dueAt`, rounded up; negative when overdue. */
  daysLeft: number;
  /** Who must act; only an office's stage goes on the 催办 / 督办 lists. */
  awaiting: Awaiting;
  /** 催办 issued for the current stage. */
  reminders: number;
  /** 督办 issued for the current stage, and the highest level among them. */
  supervisions: number;
  maxSupervisionLevel: number;
  title: string;
}

export interface OverdueReport {
  asOf: string;
  /** Every open petition: overdue first, then by due time. */
  items: OverdueItem[];
  /** 催办: stages an office must act on, due within the reminder window. */
  reminderList: OverdueItem[];
  /** 督办: stages an office must act on, past due. */
  supervisionList: OverdueItem[];
}

export interface OverdueOptions {
  /** Default: the last `occurredAt`. */
  asOf?: string;
  /** Default 3 days. */
  reminderWindowDays?: number;
  /** Checked for validity; statuses compare instants, so the zone does not change them. */
  timeZone?: string;
}

const STATUS_ORDER: Record<DueStatus, number> = { overdue: 0, dueSoon: 1, onTrack: 2 };

const checkOptions = (options: OverdueOptions): number => {
  const days = options.reminderWindowDays ?? DEFAULT_REMINDER_WINDOW_DAYS;
  if (typeof days !== "number" || !Number.isFinite(days) || days < 0) {
    throw new ValidationError("overdue options", [
      {
        path: "reminderWindowDays",
        message: `must be a number of days ≥ 0, got ${JSON.stringify(days)}`,
      },
    ]);
  }
  if (options.timeZone !== undefined) checkTimeZone(options.timeZone);
  return days * DAY_MS;
};

/** The overdue view of a fact table holding exactly the events up to `asOf`. */
export const overdueFromFacts = (
  state: PetitionFactsState,
  options: OverdueOptions = {},
): OverdueReport => {
  const reminderWindowMs = checkOptions(options);
  const { asOf, asOfMs } = resolveAsOf(options.asOf, state);
  const items: (OverdueItem & { dueAtMs: number })[] = [];
  for (const f of state.petitions.values()) {
    if (!f.registered) continue;
    const s = stageStatusOf(f, asOfMs, reminderWindowMs);
    if (!s || f.stageDueAt === null) continue;
    items.push({
      petitionId: f.petitionId,
      org: f.routedTo ?? f.registeredBy ?? "",
      stage: s.stage,
      dueAt: f.stageDueAt,
      status: s.status,
      daysLeft: s.daysLeft,
      awaiting: s.awaiting,
      reminders: f.reminders,
      supervisions: f.supervisions,
      maxSupervisionLevel: f.maxSupervisionLevel,
      title: f.title,
      dueAtMs: s.dueAtMs,
    });
  }
  items.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      a.dueAtMs - b.dueAtMs ||
      (a.petitionId < b.petitionId ? -1 : a.petitionId > b.petitionId ? 1 : 0),
  );
  const visible: OverdueItem[] = items.map(({ dueAtMs: _ms, ...item }) => item);
  return {
    asOf,
    items: visible,
    // Reminders and supervision go to offices: a petitioner's lapsed window or
    // a pending closing record is counted (metrics.ts) but chases no one.
    reminderList: visible.filter((i) => i.awaiting === "office" && i.status === "dueSoon"),
    supervisionList: visible.filter((i) => i.awaiting === "office" && i.status === "overdue"),
  };
};

/** Replay a log and give its overdue view as of `options.asOf`. */
export const computeOverdue = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: OverdueOptions = {},
): Promise<OverdueReport> => {
  checkOptions(options);
  const state = await replay(petitionFactsProjection, events, { asOf: options.asOf });
  return overdueFromFacts(state, options);
};
