import { type EventEnvelope, evolve, isTerminal, type PetitionState } from "@petitio/core";

/**
 * The state verify holds for a stream between its lines: the folded state
 * `evolve` returns while the petition is open, and once it has ended (a
 * terminal status: concluded, merged, withdrawn, ...) one of a few shared
 * records. Nothing lawful may follow the end but the one closing
 * `PetitionConcluded` of an exit, delivery records and custom events, and
 * `checkEvent` judges those by two fields only: the status and whether a
 * closing record came. Most streams of a long log have ended, and it was
 * their folded states (≈ 1 KB each) that filled verify's memory.
 *
 * An open petition's state is `evolve`'s, with one saving: its lists and its
 * period starts, while they are empty, are shared frozen empties instead of
 * the fresh ones `evolve` makes for every stream (six lists and an object, ≈
 * 200 bytes a petition; `evolve` replaces a list when it grows, never changes
 * one, and `checkEvent` only reads them). In a log where most petitions are
 * still open at its end, those states are most of what verify holds.
 *
 * A lawful log is judged exactly as with the full state (stream-state.test.ts
 * holds it on random, cut and edited logs; held-states.test.ts holds verify's
 * findings equal to those from the full states). An event after the end that is not
 * lawful is reported as before ("nothing after the end"); the petition then
 * stays ended for the events after it, each of which is reported too, where
 * the full state would have folded the unlawful event and judged the rest
 * against it.
 */
export const nextState = (held: PetitionState | undefined, event: EventEnvelope): PetitionState => {
  if (held !== undefined && isTerminal(held.status)) return afterEnd(held, event);
  const s = evolve(held, event);
  return isTerminal(s.status) ? endedState(s.status, s.concludedReason) : shareEmpties(s, held);
};

/** Frozen: a change to a shared empty would throw, never reach another petition. */
const NO_ITEMS = Object.freeze([]) as unknown as never[];
const NO_PERIOD_STARTS: PetitionState["periodStarts"] = Object.freeze({});

/** The lists of a state that start empty and only grow (each growth a new list). */
const LISTS = [
  "petitionerIds",
  "objectedBy",
  "hearingsHeld",
  "hearingSpans",
  "reminders",
  "supervisions",
] as const;

/**
 * `s` (a fresh copy from `evolve`) with its empty lists and period starts
 * replaced by the shared empties; only those `evolve` made anew for this event
 * are looked at (the others are the held state's, already shared).
 */
const shareEmpties = (s: PetitionState, held: PetitionState | undefined): PetitionState => {
  for (const key of LISTS) {
    const list = s[key];
    if (list.length === 0 && list !== held?.[key]) s[key] = NO_ITEMS;
  }
  if (s.periodStarts !== held?.periodStarts && isEmpty(s.periodStarts)) {
    s.periodStarts = NO_PERIOD_STARTS;
  }
  return s;
};

const isEmpty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
};

const records = new Map<string, PetitionState>();

/** No event of any petition: `evolve` folds it into the state of a stream that has none yet. */
const BEFORE_ANY_EVENT: EventEnvelope = {
  position: 0,
  streamId: "",
  version: 0,
  type: "x-verify-ended",
  schemaVersion: 1,
  occurredAt: "",
  recordedAt: "",
  actor: { id: "", role: "system" },
  data: {},
};

/** The shared record of a petition ended in `status`, its closing record seen or not. */
export const endedState = (
  status: PetitionState["status"],
  concludedReason: string | undefined,
): PetitionState => {
  const key = concludedReason === undefined ? status : `${status}\u0000${concludedReason}`;
  let record = records.get(key);
  if (record === undefined) {
    // The state a stream starts from before any event, as `evolve` makes it, with the end.
    record = { ...evolve(undefined, BEFORE_ANY_EVENT), status };
    if (concludedReason !== undefined) record.concludedReason = concludedReason;
    records.set(key, Object.freeze(record));
  }
  return record;
};

/** The record after `event` on an ended stream: a `PetitionConcluded` records its reason, as `evolve` does. */
const afterEnd = (ended: PetitionState, event: EventEnvelope): PetitionState =>
  event.type === "PetitionConcluded" && typeof event.data.reason === "string"
    ? endedState(ended.status, event.data.reason)
    : ended;
