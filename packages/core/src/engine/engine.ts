import { ConcurrencyError } from "../errors.js";
import type { Actor, EventEnvelope, NewEvent } from "../events/envelope.js";
import { petitionStreamId } from "../events/envelope.js";
import { evolve, foldStream } from "../lifecycle/evolve.js";
import type { PetitionState } from "../lifecycle/state.js";
import type { AnyProjection } from "../projections/projection.js";
import { ProjectionRunner } from "../projections/runner.js";
import type { AppendOptions, Clock, EventStore } from "../store/event-store.js";
import { inlineHookOf } from "../store/inline-hook.js";
import type { Policy } from "../time/policy-config.js";
import { type Command, type CommandInput, parseCommand } from "./commands.js";
import { deadlineTimers } from "./deadlines.js";
import { decide } from "./decide.js";
import { notificationsFor } from "./notifications.js";
import { runTick, type TickResult } from "./tick.js";

/**
 * The engine (DESIGN §7): command → validate → load → decide → append (with
 * the expected version, outbox rows, deadline timers and inline projections in
 * one transaction) → result. `tick(now)` fires due deadlines.
 */

export interface EngineOptions {
  store: EventStore;
  policy: Policy;
  /** Business time of commands without `at`, and of `tick()` without `now`. */
  clock: Clock;
  /** Inline projections, updated in the append transaction (a runner is made for them). */
  projections?: readonly AnyProjection[];
  /** Or a runner of your own whose inline projections the engine should keep current. */
  runner?: ProjectionRunner;
  /** Attempts after a concurrency conflict (default 5): reload, decide again, append again. */
  retries?: number;
  /** Outbox channels for notices (default `["console"]`; `[]` writes no outbox rows). */
  channels?: readonly string[];
  /** The actor of events issued by `tick` (default `{ id: "system", role: "system" }`). */
  systemActor?: Actor;
}

export interface ExecuteResult {
  /** The stored events (of the first execution when `duplicate`). */
  events: EventEnvelope[];
  /** True when the idempotency key was seen before: nothing was appended now. */
  duplicate: boolean;
  /** The petition after the command. */
  state: PetitionState;
}

export interface Engine {
  readonly policy: Policy;
  execute(command: Command | CommandInput): Promise<ExecuteResult>;
  /** Issue due reminders and supervisions, conclude lapsed petitions; exactly once each. */
  tick(now?: string): Promise<TickResult>;
  load(petitionId: string): Promise<PetitionState | undefined>;
}

export function createEngine(options: EngineOptions): Engine {
  const { store, policy, clock } = options;
  const retries = options.retries ?? 5;
  const channels = options.channels ?? ["console"];
  const systemActor: Actor = options.systemActor ?? { id: "system", role: "system" };
  const runner =
    options.runner ??
    (options.projections && options.projections.length > 0
      ? new ProjectionRunner({ store, inline: options.projections })
      : undefined);
  // Inline projections live on the store, so every append path keeps them current.
  if (runner) store.registerInline(inlineHookOf(runner));

  const readState = async (streamId: string) => {
    const events = await store.readStream(streamId);
    return { events, state: foldStream(events) };
  };

  const load = async (petitionId: string) => (await readState(petitionStreamId(petitionId))).state;

  const append = (streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions) =>
    store.append(streamId, events, appendOptions);

  const execute = async (input: Command | CommandInput): Promise<ExecuteResult> => {
    const command = parseCommand(input);
    const streamId = petitionStreamId(command.petitionId);
    // One business time for every attempt, so a retry decides the same command.
    const now = command.at ?? clock.now();
    for (let attempt = 0; ; attempt++) {
      const { events: stored, state } = await readState(streamId);
      const key = command.idempotencyKey;
      if (key !== undefined) {
        const first = stored.filter((e) => e.meta?.idempotencyKey === key);
        if (first.length > 0 && state) return { events: first, duplicate: true, state };
      }
      // Commands that name another petition are judged with its state too.
      const previous =
        command.type === "linkRepeat" ? await load(command.previousPetitionId) : undefined;
      const mergeTarget =
        command.type === "merge" ? ((await load(command.intoPetitionId)) ?? null) : undefined;
      const decided = decide(state, command, { policy, now, previous, mergeTarget });
      const meta: Record<string, string> = {};
      if (key !== undefined) meta.idempotencyKey = key;
      if (command.correlationId !== undefined) meta.correlationId = command.correlationId;
      const newEvents: NewEvent[] = decided.map((e) =>
        Object.keys(meta).length > 0 ? { ...e, meta: { ...meta } } : e,
      );

      // What the stream will look like, for timers and notices written in the same append.
      const fromVersion = state?.version ?? 0;
      const preview: EventEnvelope[] = newEvents.map((e, i) => ({
        position: 0,
        streamId,
        version: fromVersion + i + 1,
        type: e.type,
        schemaVersion: 1,
        occurredAt: e.occurredAt,
        recordedAt: e.occurredAt,
        actor: e.actor,
        data: e.data,
      }));
      let after = state;
      for (const event of preview) after = evolve(after, event);
      const next = after as PetitionState;

      try {
        const result = await append(streamId, newEvents, {
          expectedVersion: fromVersion === 0 ? "noStream" : fromVersion,
          idempotencyKey: key,
          outbox: notificationsFor(preview, state, next, channels),
          timers: { cancelAllForStream: true, set: deadlineTimers(next, policy) },
        });
        if (result.duplicate) {
          const again = await load(command.petitionId);
          return { events: result.events, duplicate: true, state: again ?? next };
        }
        let placed = state;
        for (const event of result.events) placed = evolve(placed, event);
        return { events: result.events, duplicate: false, state: placed as PetitionState };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < retries) continue;
        throw error;
      }
    }
  };

  const engine: Engine = {
    policy,
    execute,
    load,
    tick: (now) => runTick({ store, policy, execute, load, systemActor }, now ?? clock.now()),
  };
  return engine;
}
