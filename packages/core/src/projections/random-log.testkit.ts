import fc from "fast-check";
import type { EventEnvelope } from "../events/envelope.js";
import { isoBeijing, TestLog } from "./test-log.testkit.js";

/**
 * fast-check arbitraries of legal-looking petition logs for the property
 * tests: each petition follows the procedure as far as a random step, with
 * random delays (so some deadlines are missed), objections, extensions,
 * ratings, reviews, repeat links and merges. Streams are built one by one and
 * then interleaved in a random order.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const RANDOM_LOG_START = Date.parse("2024-01-01T00:00:00+08:00");

const RATINGS = ["satisfied", "basicallySatisfied", "unsatisfied"] as const;

export interface PetitionPlan {
  receivedHour: number;
  org: number;
  topic: number;
  linkTo: number | null;
  merge: boolean;
  steps: number;
  objection: boolean;
  notAccept: boolean;
  extend: boolean;
  remind: boolean;
  supervise: boolean;
  ratings: (typeof RATINGS)[number][];
  review: boolean;
  reexamine: boolean;
  hearing: boolean;
  withdraw: boolean;
  conclude: boolean;
  delays: number[];
}

const planArb = fc.record({
  receivedHour: fc.integer({ min: 0, max: 120 * 24 }),
  org: fc.integer({ min: 0, max: 2 }),
  topic: fc.integer({ min: 0, max: 3 }),
  // About one petition in four repeats an earlier one.
  linkTo: fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.nat())
    .map(([dice, target]) => (dice === 0 ? target : null)),
  merge: fc.boolean(),
  steps: fc.integer({ min: 0, max: 6 }),
  objection: fc.boolean(),
  notAccept: fc.boolean(),
  extend: fc.boolean(),
  remind: fc.boolean(),
  supervise: fc.boolean(),
  ratings: fc.array(fc.constantFrom(...RATINGS), { maxLength: 2 }),
  review: fc.boolean(),
  reexamine: fc.boolean(),
  hearing: fc.boolean(),
  withdraw: fc.boolean(),
  conclude: fc.boolean(),
  delays: fc.array(fc.integer({ min: 1, max: 20 * 24 }), { minLength: 4, maxLength: 8 }),
});

const ORGS = ["org-A", "org-B", "org-C"];
const TOPICS = ["housing", "traffic", "noise", undefined];

/** The events of one petition's stream, in stream order. */
const petitionStream = (index: number, plan: PetitionPlan): EventEnvelope[] => {
  const log = new TestLog();
  const id = `R${index}`;
  let cursor = RANDOM_LOG_START + plan.receivedHour * HOUR;
  let k = 0;
  const next = () => {
    cursor += plan.delays[k++ % plan.delays.length]! * HOUR;
    return isoBeijing(cursor);
  };
  const inDays = (days: number) => isoBeijing(cursor + days * DAY);
  const topic = TOPICS[plan.topic];
  log.register(id, isoBeijing(cursor), topic === undefined ? {} : { topic });
  if (plan.linkTo !== null && index > 0) {
    const previous = `R${plan.linkTo % index}`;
    cursor += 60_000;
    if (plan.merge) return log.merge(id, isoBeijing(cursor), previous).events;
    log.link(id, isoBeijing(cursor), previous);
  }
  const done = () => {
    if (plan.withdraw) log.withdraw(id, next());
    else if (plan.conclude) log.conclude(id, next());
    return log.events;
  };
  if (plan.steps < 1) return done();
  log.route(id, next(), ORGS[plan.org]!, inDays(15));
  if (plan.remind) log.remind(id, next(), "acceptance", isoBeijing(cursor + 15 * DAY));
  if (plan.objection) {
    log.object(id, next(), ORGS[plan.org]!);
    log.route(id, next(), ORGS[(plan.org + 1) % 3]!, inDays(15));
  }
  if (plan.steps < 2) return done();
  if (plan.notAccept) return log.notAccept(id, next()).events;
  let handlingDue = cursor;
  log.accept(id, next(), inDays(60));
  handlingDue = cursor + 60 * DAY;
  if (plan.extend) log.extend(id, next(), isoBeijing(handlingDue + 30 * DAY));
  if (plan.supervise) log.supervise(id, next(), "handling", isoBeijing(handlingDue), 1);
  if (plan.steps < 3) return done();
  const replyAt = next();
  log.reply(id, replyAt, plan.review ? replyAt : next());
  for (const rating of plan.ratings) log.rate(id, next(), rating);
  if (plan.steps < 4 || !plan.review) return done();
  log.requestReview(id, next(), inDays(30));
  if (plan.steps < 5) return done();
  log.decideReview(id, next(), inDays(30));
  if (plan.steps < 6 || !plan.reexamine) return done();
  log.requestReexamination(id, next(), inDays(30));
  if (plan.hearing) {
    const start = next();
    const end = plan.withdraw ? undefined : next();
    // The engine stores the moved re-examination due time on HearingEnded.
    log.hearing(id, start, end, "reexamination", inDays(45));
  }
  return done();
};

/** Interleave streams (each kept in order) by a list of picks, then number positions 1..n. */
export const interleave = (
  streams: readonly EventEnvelope[][],
  picks: readonly number[],
): EventEnvelope[] => {
  const queues = streams.map((s) => [...s]);
  const out: EventEnvelope[] = [];
  let k = 0;
  for (;;) {
    const live = queues.filter((q) => q.length > 0);
    if (live.length === 0) break;
    const pick = picks.length === 0 ? 0 : picks[k++ % picks.length]!;
    out.push(live[pick % live.length]!.shift()!);
  }
  return out.map((e, i) => ({ ...e, position: i + 1 }));
};

/** Order by business time (stable: streams keep their order), as a live system saw it. */
export const byOccurredAt = (events: readonly EventEnvelope[]): EventEnvelope[] =>
  [...events]
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))
    .map((e, i) => ({ ...e, position: i + 1 }));

/** Per-petition streams of 1–20 random petitions. */
export const streamsArb: fc.Arbitrary<EventEnvelope[][]> = fc
  .array(planArb, { minLength: 1, maxLength: 14 })
  .map((plans) => plans.map((plan, i) => petitionStream(i, plan)));

export const picksArb = fc.array(fc.nat(), { minLength: 1, maxLength: 40 });

/** A moment within (or just around) the random logs' time span. */
export const momentArb = fc
  .integer({ min: -5, max: 400 })
  .map((days) => isoBeijing(RANDOM_LOG_START + days * DAY + 12 * HOUR));
