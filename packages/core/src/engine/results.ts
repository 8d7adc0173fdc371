import type { PetitionEvent } from "../events/catalog.js";
import type { PetitionState } from "../lifecycle/state.js";

/** What `engine.execute` returns. */
export interface ExecuteResult {
  /** The stored events (of the first execution when `duplicate`). */
  events: PetitionEvent[];
  /** True when the idempotency key was seen before: nothing was appended now. */
  duplicate: boolean;
  /** The petition after the command. */
  state: PetitionState;
}

/** What `engine.tick` issued. */
export interface TickResult {
  reminders: PetitionEvent[];
  supervisions: PetitionEvent[];
  concluded: PetitionEvent[];
}
