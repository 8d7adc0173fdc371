import { isDuty, type PetitionEvent } from "../events/catalog.js";
import type { Actor } from "../events/envelope.js";
import { petitionIdOf } from "../events/envelope.js";
import { IllegalCommandError } from "../lifecycle/errors.js";
import type { PetitionState } from "../lifecycle/state.js";
import type { EventStore, TimerSpec } from "../store/event-store.js";
import type { Policy } from "../time/policy-config.js";
import { formatInZone } from "../time/zone.js";
import type { CommandInput } from "./commands.js";
import { type DeadlinePayload, deadlineTimers, PETITION_TIMER_KINDS } from "./deadlines.js";
import type { ExecuteResult, TickResult } from "./results.js";

/**
 * `tick(now)`: claim the due deadline timers and act on each through the
 * ordinary command path, so every rule applies and nothing is issued twice:
 *
 * - the store leases a claimed timer, so concurrent ticks do not both take it;
 * - each command carries the idempotency key `${timerId}@${dueAt}` (the timer id
 *   holds the stage and, for 督办, the level), so a re-run returns the first result;
 * - the decider refuses a second reminder for the same stage run, or a second
 *   supervision of the same level ("once per stage and level").
 *
 * A timer whose stage moved on (the state no longer expects it, or the decider
 * refuses its command) is dropped; any other error propagates and the timer
 * stays claimed until its lease ends, so a later tick tries again.
 */

export interface TickDeps {
  store: EventStore;
  policy: Policy;
  execute(command: CommandInput): Promise<ExecuteResult>;
  load(petitionId: string): Promise<PetitionState | undefined>;
  systemActor: Actor;
}

const BATCH = 100;
const LEASE_MS = 60_000;

export async function runTick(deps: TickDeps, now: string): Promise<TickResult> {
  const result: TickResult = { reminders: [], supervisions: [], concluded: [] };
  for (;;) {
    // Only petition timers: another module's timers (the practice desk's) are left to it.
    const due = await deps.store.claimDueTimers({
      now,
      limit: BATCH,
      leaseMs: LEASE_MS,
      kinds: PETITION_TIMER_KINDS,
    });
    if (due.length === 0) break;
    for (const timer of due) await fire(deps, timer, now, result);
  }
  return result;
}

async function fire(deps: TickDeps, timer: TimerSpec, now: string, result: TickResult) {
  const { store, policy } = deps;
  const petitionId = petitionIdOf(timer.streamId);
  const payload = timer.payload as DeadlinePayload | undefined;
  const state = petitionId === undefined ? undefined : await deps.load(petitionId);
  const expected = state ? deadlineTimers(state, policy) : [];
  const current = expected.find(
    (t) => t.id === timer.id && Date.parse(t.fireAt) === Date.parse(timer.fireAt),
  );
  const drop = async (after: PetitionState | undefined) => {
    // Keep a timer the state still wants (it was set again by a later append).
    const wanted = after ? deadlineTimers(after, policy).some((t) => t.id === timer.id) : false;
    if (!wanted) await store.completeTimer(timer.id);
  };
  if (!state || !current || !payload || petitionId === undefined) return drop(state);

  const base = {
    petitionId,
    actor: deps.systemActor,
    idempotencyKey: `${timer.id}@${payload.dueAt}`,
  };
  let command: CommandInput;
  let bucket: PetitionEvent[];
  // A duty beside the stage (report-back, call-back) is named; a stage is the running one.
  const duty = isDuty(payload.stage) ? { duty: payload.stage } : {};
  if (timer.kind === "reminder") {
    // Past due, a reminder is pointless: supervision takes over.
    if (Date.parse(now) > Date.parse(payload.dueAt)) return drop(undefined);
    command = { ...base, ...duty, type: "issueReminder", at: laterOf(now, state.lastOccurredAt) };
    bucket = result.reminders;
  } else if (timer.kind === "supervision") {
    command = {
      ...base,
      ...duty,
      type: "issueSupervision",
      level: payload.level ?? 1,
      at: laterOf(now, state.lastOccurredAt),
    };
    bucket = result.supervisions;
  } else {
    // The window lapsed at fireAt (as in the worked example: 00:00 the day after the due date).
    command = {
      ...base,
      type: "conclude",
      reason: "reviewWindowLapsed",
      at: formatInZone(
        Math.max(Date.parse(timer.fireAt), Date.parse(state.lastOccurredAt)),
        policy.timeZone,
      ),
    };
    bucket = result.concluded;
  }
  try {
    const executed = await deps.execute(command);
    if (!executed.duplicate) bucket.push(...executed.events);
    return drop(executed.state);
  } catch (error) {
    // The state moved on between claim and command (the decider refused): nothing to issue.
    // Anything else (a store failure, invalid data, a conflict retried in vain) is the caller's.
    if (error instanceof IllegalCommandError) return drop(await deps.load(petitionId));
    throw error;
  }
}

const laterOf = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
