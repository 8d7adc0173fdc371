import { AssertionError, deepStrictEqual } from "node:assert";
import {
  type Actor,
  type CommandInput,
  type DecideContext,
  decide,
  type EventEnvelope,
  evolve,
  type NewEvent,
  nationalPolicy,
  type PetitionState,
  type Policy,
  petitionStreamId,
} from "@petitio/core";
import { dueTimesMatchPolicy } from "./invariants/due-times.js";
import {
  nothingAfterTerminal,
  remindersAndSupervisionsOnce,
  requestsWithinLegalWindows,
} from "./invariants/log-invariants.js";
import { assertNoViolations } from "./invariants/violation.js";

/**
 * Decisions as given / when / then: the events a petition already has, the
 * command issued now, and the events it must record or the error it must get.
 * Runs the pure decider (`decide` over a state folded with `evolve`), so a
 * case takes microseconds and needs no store.
 *
 *   givenEvents(registered, routed).when(accept).then([{ type: "PetitionAccepted" }]);
 *   givenEvents(registered).when(reply).then(IllegalCommandError);
 */

/** A past event: a stored envelope, or just its type and data. */
export type GivenEvent = EventEnvelope | ExpectedEvent;

/** What an event must be: its type, and optionally a subset of its data, time and actor. */
export interface ExpectedEvent {
  type: string;
  data?: Record<string, unknown>;
  occurredAt?: string;
  actor?: Actor;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** An error class, or a class with fields the error must have (`message` may be a RegExp). */
export type ExpectedError =
  | ErrorClass
  | ({ error: ErrorClass; message?: string | RegExp } & Record<string, unknown>);

export interface GivenOptions {
  /** Deployment policy for due times and limits (default `nationalPolicy`). */
  policy?: Policy;
  /** Business time for a command without `at` (default: the last given event's time). */
  now?: string;
  /** For `linkRepeat`: the earlier petition's state or events. */
  previous?: PetitionState | readonly GivenEvent[];
  /**
   * After a successful decision, check the log invariants (nothing after a
   * terminal state, windows, 催办/督办 once, due times = policy) on the given
   * events plus the new ones. Default true.
   */
  checkInvariants?: boolean;
}

export interface When {
  /**
   * Assert the outcome: a list of expected events (same types in the same
   * order; `data` compared as a subset), or an expected error. Returns the
   * recorded events, or the error thrown.
   */
  then(expected: readonly ExpectedEvent[]): NewEvent[];
  then(expected: ExpectedError): Error;
}

export interface Given {
  /** The state the given events fold to (undefined when there are none). */
  readonly state: PetitionState | undefined;
  when(command: CommandInput, options?: GivenOptions): When;
}

/** Start a case with the events a petition already has, oldest first. */
export const givenEvents = (...events: GivenEvent[]): Given => given(events, {});

/** `givenEvents` with options (policy, now, previous petition) fixed for every `when`. */
export const givenEventsWith = (options: GivenOptions, ...events: GivenEvent[]): Given =>
  given(events, options);

/**
 * Start a case from the commands that made the petition's past: each is
 * decided in turn (under `options.policy`), and the events they record are the
 * given events. Shorter than writing the events, and their due times are right
 * by construction. A command the decider refuses here is a mistake in the case.
 */
export const givenCommands = (
  options: Pick<GivenOptions, "policy" | "checkInvariants">,
  ...commands: CommandInput[]
): Given => {
  const policy = options.policy ?? nationalPolicy;
  const events: EventEnvelope[] = [];
  let state: PetitionState | undefined;
  for (const command of commands) {
    const now = command.at ?? events.at(-1)?.occurredAt ?? "2025-01-06T09:00:00+08:00";
    let decided: NewEvent[];
    try {
      decided = decide(state, command, { policy, now });
    } catch (error) {
      throw new TypeError(
        `givenCommands: ${command.type} #${events.length + 1} was refused, so it cannot be part of what is given: ${(error as Error).message}`,
      );
    }
    for (const event of decided) {
      const placed: EventEnvelope = {
        ...event,
        schemaVersion: 1,
        recordedAt: event.occurredAt,
        streamId: petitionStreamId(command.petitionId),
        version: events.length + 1,
        position: events.length + 1,
      };
      events.push(placed);
      state = evolve(state, placed);
    }
  }
  return given(events, options);
};

const given = (events: readonly GivenEvent[], defaults: GivenOptions): Given => {
  const fold = (petitionId: string | undefined) => {
    const placed = place(events, petitionId);
    return { placed, state: placed.reduce<PetitionState | undefined>(evolve, undefined) };
  };
  return {
    get state() {
      return fold(undefined).state;
    },
    when(command, whenOptions = {}) {
      const options = { ...defaults, ...whenOptions };
      const policy = options.policy ?? nationalPolicy;
      const { placed, state } = fold(command.petitionId);
      const ctx: DecideContext = {
        policy,
        now: options.now ?? placed.at(-1)?.occurredAt ?? command.at ?? "2025-01-06T09:00:00+08:00",
      };
      if (options.previous !== undefined) ctx.previous = previousState(options.previous);
      let outcome: { events: NewEvent[] } | { error: Error };
      try {
        outcome = { events: decide(state, command, ctx) };
      } catch (error) {
        outcome = { error: error as Error };
      }
      return {
        // biome-ignore lint/suspicious/noThenProperty: the given/when/then vocabulary; awaiting a When is refused below
        then(expected: readonly ExpectedEvent[] | ExpectedError) {
          if (typeof expected === "function" && !(expected.prototype instanceof Error)) {
            throw new TypeError(
              "then() takes expected events or an error class; a When is not a promise, do not await it",
            );
          }
          if (Array.isArray(expected)) {
            if ("error" in outcome) {
              throw new AssertionError({
                message: `expected ${describeTypes(expected)}, but ${command.type} was refused: ${outcome.error.message}`,
                actual: outcome.error,
                expected,
              });
            }
            matchEvents(outcome.events, expected);
            if (options.checkInvariants ?? true) checkAfter(placed, outcome.events, policy);
            return outcome.events;
          }
          if ("events" in outcome) {
            throw new AssertionError({
              message: `expected ${command.type} to be refused, but it recorded ${describeTypes(outcome.events)}`,
              actual: outcome.events,
              expected,
            });
          }
          matchError(outcome.error, expected as ExpectedError);
          return outcome.error;
        },
      } as When;
    },
  };
};

const fallbackActor: Actor = { id: "given", role: "system" };

/** Place given events in one stream as a store would (versions and positions from 1). */
const place = (events: readonly GivenEvent[], petitionId: string | undefined): EventEnvelope[] => {
  const registered = events.find((e) => e.type === "PetitionRegistered")?.data?.petitionId;
  const id = petitionId ?? (typeof registered === "string" ? registered : "given");
  const streamId = petitionStreamId(id);
  let last = "2025-01-06T09:00:00+08:00";
  return events.map((event, i) => {
    last = event.occurredAt ?? last;
    return {
      schemaVersion: 1,
      recordedAt: last,
      ...event,
      data: event.data ?? {},
      actor: event.actor ?? fallbackActor,
      occurredAt: last,
      streamId,
      version: i + 1,
      position: i + 1,
    };
  });
};

const previousState = (
  previous: PetitionState | readonly GivenEvent[],
): PetitionState | undefined =>
  Array.isArray(previous)
    ? place(previous as readonly GivenEvent[], undefined).reduce<PetitionState | undefined>(
        evolve,
        undefined,
      )
    : (previous as PetitionState);

const describeTypes = (events: readonly { type: string }[]): string =>
  events.length === 0 ? "no events" : `[${events.map((e) => e.type).join(", ")}]`;

const matchEvents = (actual: readonly NewEvent[], expected: readonly ExpectedEvent[]): void => {
  const fail = (message: string) => {
    throw new AssertionError({ message, actual, expected });
  };
  if (actual.length !== expected.length || actual.some((e, i) => e.type !== expected[i]!.type)) {
    fail(`expected ${describeTypes(expected)}, got ${describeTypes(actual)}`);
  }
  expected.forEach((want, i) => {
    const got = actual[i]!;
    for (const [key, value] of Object.entries(want.data ?? {})) {
      if (!sameValue(got.data[key], value)) {
        fail(
          `${got.type}.data.${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got.data[key])}`,
        );
      }
    }
    if (
      want.occurredAt !== undefined &&
      Date.parse(want.occurredAt) !== Date.parse(got.occurredAt)
    ) {
      fail(`${got.type}.occurredAt: expected ${want.occurredAt}, got ${got.occurredAt}`);
    }
    if (want.actor !== undefined && !sameValue(got.actor, want.actor)) {
      fail(
        `${got.type}.actor: expected ${JSON.stringify(want.actor)}, got ${JSON.stringify(got.actor)}`,
      );
    }
  });
};

/** Deep equality; ISO instants written with different offsets are equal. */
const sameValue = (actual: unknown, expected: unknown): boolean => {
  if (typeof actual === "string" && typeof expected === "string" && actual !== expected) {
    const a = Date.parse(actual);
    return /^\d{4}-\d{2}-\d{2}T/.test(actual) && !Number.isNaN(a) && a === Date.parse(expected);
  }
  try {
    deepStrictEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
};

const matchError = (error: Error, expected: ExpectedError): void => {
  const {
    error: cls,
    message,
    ...fields
  } = typeof expected === "function" ? { error: expected } : expected;
  const fail = (why: string) => {
    throw new AssertionError({
      message: `${why}; the error was: ${error.message}`,
      actual: error,
      expected,
    });
  };
  const actualName = error.name;
  if (!(error instanceof cls)) fail(`expected a ${cls.name}, got a ${actualName}`);
  if (message !== undefined) {
    const ok =
      typeof message === "string" ? error.message.includes(message) : message.test(error.message);
    if (!ok) fail(`expected the message to match ${String(message)}`);
  }
  for (const [key, value] of Object.entries(fields)) {
    if (!sameValue((error as unknown as Record<string, unknown>)[key], value)) {
      fail(
        `expected error.${key} = ${JSON.stringify(value)}, got ${JSON.stringify((error as unknown as Record<string, unknown>)[key])}`,
      );
    }
  }
};

/** The log invariants on the given events plus the new ones, placed after them. */
const checkAfter = (
  placed: readonly EventEnvelope[],
  events: readonly NewEvent[],
  policy: Policy,
) => {
  const streamId = placed[0]?.streamId ?? petitionStreamId("given");
  const log: EventEnvelope[] = [
    ...placed,
    ...events.map((e, i) => ({
      ...e,
      schemaVersion: 1,
      recordedAt: e.occurredAt,
      streamId,
      version: placed.length + i + 1,
      position: placed.length + i + 1,
    })),
  ];
  assertNoViolations([
    ...nothingAfterTerminal()(log),
    ...requestsWithinLegalWindows(log),
    ...remindersAndSupervisionsOnce(log),
    ...dueTimesMatchPolicy(policy)(log),
  ]);
};
