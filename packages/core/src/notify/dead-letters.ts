import type { EventStore, OutboxRow } from "../store/event-store.js";
import { NotifyConfigError } from "./config-error.js";

/**
 * The outbox's dead letters: rows the dispatcher gave up on. A dead row is
 * never claimed again until an operator re-drives it; listing them is how an
 * operator sees what did not arrive.
 */
export interface DeadLetterOutbox {
  /** Park a row for good, keeping its error. */
  deadLetterOutbox(id: string, error: string): Promise<void>;
  listDeadLetters(options?: { limit?: number }): Promise<OutboxRow[]>;
  /** Make a dead row pending again, claimable from `availableAt`. */
  redriveOutbox(id: string, availableAt: string): Promise<void>;
}

export type DispatchStore = EventStore & DeadLetterOutbox;

const METHODS = ["deadLetterOutbox", "listDeadLetters", "redriveOutbox"] as const;

/** The store, checked to have a dead-letter outbox (every built-in store has one). */
export const requireDeadLetters = (store: EventStore): DispatchStore => {
  const missing = METHODS.filter(
    (m) => typeof (store as unknown as Record<string, unknown>)[m] !== "function",
  );
  if (missing.length > 0) {
    throw new NotifyConfigError(
      "store",
      `the ${store.kind} store has no dead-letter outbox (missing ${missing.join(", ")})`,
    );
  }
  return store as DispatchStore;
};
