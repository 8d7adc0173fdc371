import {
  accusationSecretsOf,
  assertNoAccusationLeak,
} from "../authorization/accusation-secrecy.js";
import {
  type Authorize,
  defaultAuthorize,
  enforceAuthorization,
} from "../authorization/authorize.js";
import { ConcurrencyError, IdempotencyConflictError, ValidationError } from "../errors.js";
import type { PetitionEvent } from "../events/catalog.js";
import type { Actor, EventEnvelope, NewEvent } from "../events/envelope.js";
import { petitionStreamId } from "../events/envelope.js";
import { previewEnvelopes } from "../events/preview.js";
import { defaultRegistry, type EventRegistry } from "../events/registry.js";
import { evolve, foldStream } from "../lifecycle/evolve.js";
import type { OrgHierarchy } from "../lifecycle/org-hierarchy.js";
import type { PetitionState } from "../lifecycle/state.js";
import { EVENT_COMMAND } from "../lifecycle/transitions.js";
import type { PersonalDataKeys } from "../privacy/keys.js";
import { protectPersonalData } from "../privacy/personal-data.js";
import type { AnyProjection } from "../projections/projection.js";
import { ProjectionRunner } from "../projections/runner.js";
import type { AppendOptions, Clock, EventStore } from "../store/event-store.js";
import { inlineHookOf } from "../store/inline-hook.js";
import type { Policy } from "../time/policy-config.js";
import { type Command, type CommandInput, parseCommand } from "./commands.js";
import { deadlineTimers } from "./deadlines.js";
import { decideParsed } from "./decide.js";
import { checkedPetitionId, checkedTickTime } from "./engine-arguments.js";
import { notificationsFor } from "./notifications.js";
import type { ExecuteResult, TickResult } from "./results.js";
import { runTick } from "./tick.js";

/**
 * The engine: command → validate (once) → load → decide → preview the
 * envelopes and fold them (once) → append (with the expected version, outbox
 * rows, deadline timers and inline projections in one transaction) → result.
 * `tick(now)` fires due deadlines through the same path.
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
  /** Gives the schema version of new events (default `defaultRegistry`). */
  registry?: EventRegistry;
  /**
   * Who may act, beyond the procedure's own role and org rules (which always
   * apply): asked after the petition is loaded and before deciding; a refusal is
   * a `NotAuthorizedError` and nothing is appended. The default is
   * `defaultAuthorize`: org scope, "a petitioner only on their own petition",
   * conflict of interest and accusation secrecy (docs/security.md). Pass your
   * own function to decide otherwise, or `false` to apply only the lifecycle's
   * rules. Either way, authenticating the actor is the embedding app's job:
   * the engine trusts the `actor` it is given.
   */
  authorize?: Authorize | false;
  /**
   * Encrypt petitioners' personal data (name, ID number, phone, email, address)
   * per petitioner before it reaches the store (PIPL Art. 47: erasable by
   * destroying the key). The default, and `true`, use the store's own key
   * table when the store has one (every Petitio store does); or pass another
   * `PersonalDataKeys`. `false` stores plaintext: only for data that is not
   * personal (synthetic demos, already-redacted imports).
   */
  personalData?: boolean | PersonalDataKeys;
  /**
   * The deployment's org hierarchy (child → the org one level above, checked by
   * `orgHierarchy`): a review must be asked of an org above the one that
   * replied, a re-examination of one above the reviewer (W22 Art. 35–36).
   * Left out, any `toOrg` is accepted (docs/lifecycle.md).
   */
  orgs?: OrgHierarchy;
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
  const registry = options.registry ?? defaultRegistry;
  const channels = options.channels ?? ["console"];
  const systemActor: Actor = options.systemActor ?? { id: "system", role: "system" };
  const runner =
    options.runner ??
    (options.projections && options.projections.length > 0
      ? new ProjectionRunner({ store, inline: options.projections })
      : undefined);
  // Inline projections live on the store, so every append path keeps them current.
  if (runner) store.registerInline(inlineHookOf(runner));
  const keys = personalDataKeysOf(store, options.personalData);
  const authorize =
    options.authorize === false ? undefined : (options.authorize ?? defaultAuthorize);

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
    const key = command.idempotencyKey;
    for (let attempt = 0; ; attempt++) {
      const { events: stored, state } = await readState(streamId);
      if (key !== undefined) {
        const first = stored.filter((e) => e.meta?.idempotencyKey === key);
        if (first.length > 0 && state) {
          assertSameCommand(key, streamId, first, command);
          return { events: asCatalog(first), duplicate: true, state };
        }
      }
      if (authorize) await enforceAuthorization(authorize, command, state);
      // Commands that name another petition are judged with its state too.
      const previous =
        command.type === "linkRepeat" ? await load(command.previousPetitionId) : undefined;
      const mergeTarget =
        command.type === "merge" ? ((await load(command.intoPetitionId)) ?? null) : undefined;
      const decided = decideParsed(state, command, {
        policy,
        now,
        previous,
        mergeTarget,
        ...(options.orgs === undefined ? {} : { orgs: options.orgs }),
      });
      const meta = metaOf(command);
      const withMeta: NewEvent[] = meta
        ? decided.map((e) => ({ ...e, meta: { ...meta } }))
        : decided;
      // Plaintext personal data never reaches the store when keys are given.
      const newEvents = keys
        ? await Promise.all(withMeta.map((e) => protectPersonalData(e, keys)))
        : withMeta;

      // The stream as it will be: timers and notices are written in the same append.
      const fromVersion = state?.version ?? 0;
      const preview = previewEnvelopes(streamId, fromVersion, newEvents, registry);
      const next = foldStreamFrom(state, preview);

      // 检举控告: neither the content nor the accuser reaches a notice (W22 Art. 30 ¶3).
      const outbox = notificationsFor(preview, state, next, channels);
      const registration = (stored[0] ?? decided[0])?.data;
      if (registration) assertNoAccusationLeak(outbox, accusationSecretsOf(registration));
      try {
        const result = await append(streamId, newEvents, {
          expectedVersion: fromVersion === 0 ? "noStream" : fromVersion,
          idempotencyKey: key,
          outbox,
          timers: { cancelAllForStream: true, set: deadlineTimers(next, policy) },
        });
        if (result.duplicate) {
          assertSameCommand(key!, streamId, result.events, command);
          const again = await load(command.petitionId);
          return { events: asCatalog(result.events), duplicate: true, state: again ?? next };
        }
        // Only the store knows the global positions.
        const last = result.events.at(-1);
        const placed = last === undefined ? next : { ...next, position: last.position };
        return { events: asCatalog(result.events), duplicate: false, state: placed };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < retries) continue;
        // The store knows the key's stream; name the first command too.
        if (error instanceof IdempotencyConflictError) {
          const first = (await store.readStream(error.first.streamId)).filter(
            (e) => e.meta?.idempotencyKey === error.key,
          );
          throw new IdempotencyConflictError(
            error.key,
            { streamId: error.first.streamId, command: commandOfEvents(first) },
            { streamId, command: command.type },
          );
        }
        throw error;
      }
    }
  };

  const engine: Engine = {
    policy,
    execute,
    // async: a bad argument is a rejected promise, as every other refusal.
    load: async (petitionId) => load(checkedPetitionId("load", petitionId)),
    tick: async (now) =>
      runTick(
        { store, policy, execute, load, systemActor },
        now === undefined ? clock.now() : checkedTickTime(now),
      ),
  };
  return engine;
}

/** Whether the store keeps personal-data keys itself (a store of another make may not). */
const offersKeys = (store: object): store is PersonalDataKeys => {
  const s = store as Partial<Record<keyof PersonalDataKeys, unknown>>;
  return (
    typeof s.getKey === "function" &&
    typeof s.createKey === "function" &&
    typeof s.destroyKey === "function"
  );
};

/**
 * The keys personal data is encrypted under: by default the store's own, when it
 * has a key table; none only when the app opts out with `false`.
 */
const personalDataKeysOf = (
  store: EventStore,
  option: boolean | PersonalDataKeys | undefined,
): PersonalDataKeys | undefined => {
  if (option === false) return undefined;
  if (option !== undefined && option !== true) return option;
  if (offersKeys(store)) return store;
  if (option === true) {
    throw new ValidationError("engine options", [
      {
        path: "personalData",
        message: "true, but the store keeps no personal-data keys; pass a PersonalDataKeys",
      },
    ]);
  }
  return undefined;
};

/** The command that recorded these events (their first event is its own, transitions.ts). */
const commandOfEvents = (events: readonly EventEnvelope[]): string | undefined =>
  events[0] === undefined ? undefined : EVENT_COMMAND[events[0].type];

/**
 * A key already used on this stream is a duplicate only for the same command;
 * reused for another one it is an `IdempotencyConflictError` (docs/commands.md).
 */
const assertSameCommand = (
  key: string,
  streamId: string,
  first: readonly EventEnvelope[],
  command: Command,
): void => {
  const firstCommand = commandOfEvents(first);
  if (firstCommand !== undefined && firstCommand !== command.type) {
    throw new IdempotencyConflictError(
      key,
      { streamId, command: firstCommand },
      { streamId, command: command.type },
    );
  }
};

/** The meta every event of a command carries, or undefined when it has none. */
const metaOf = (command: Command): Record<string, string> | undefined => {
  const meta: Record<string, string> = {};
  if (command.idempotencyKey !== undefined) meta.idempotencyKey = command.idempotencyKey;
  if (command.correlationId !== undefined) meta.correlationId = command.correlationId;
  return Object.keys(meta).length > 0 ? meta : undefined;
};

/** Fold new events onto a state (a command always records at least one). */
const foldStreamFrom = (
  state: PetitionState | undefined,
  events: readonly EventEnvelope[],
): PetitionState => {
  let next = state;
  for (const event of events) next = evolve(next, event);
  return next as PetitionState;
};

/** A petition stream's events, which the store validated against the catalog. */
const asCatalog = (events: readonly EventEnvelope[]): PetitionEvent[] => events as PetitionEvent[];
