import type { EventEnvelope, PetitionState } from "@petitio/core";

/**
 * What verify keeps of a petition that has ended (a terminal status: concluded,
 * merged, withdrawn, ...). Nothing lawful may follow the end but the one closing
 * `PetitionConcluded` of an exit, delivery records and custom events, and
 * `checkEvent` judges those by two fields only: the status and whether a
 * closing record came. So an ended stream drops its folded state (≈ 1 KB) and
 * holds one of a few shared records instead: most streams of a long log have
 * ended, and it is their states that filled verify's memory.
 *
 * A lawful log is judged exactly as with the full state (the compact-state
 * property test holds it). An event after the end that is not lawful is
 * reported as before ("nothing after the end"); the petition stays ended for
 * the events after it, each of which is then reported too, where the full
 * state would have folded the unlawful event and judged the rest against it.
 */

const records = new Map<string, PetitionState>();

/** The shared record of a petition ended in `status`, its closing record seen or not. */
export const endedState = (
  status: PetitionState["status"],
  concludedReason: string | undefined,
): PetitionState => {
  const key = `${status}\u0000${concludedReason ?? ""}\u0000${concludedReason === undefined}`;
  let record = records.get(key);
  if (record === undefined) {
    record = {
      petitionId: "",
      streamId: "",
      status,
      version: 0,
      position: 0,
      lastOccurredAt: "",
      channel: "online",
      category: "claim",
      anonymous: false,
      petitionerIds: [],
      receivedAt: "",
      registeredBy: "",
      objectedBy: [],
      extensionUsed: false,
      hearingsHeld: [],
      hearingSpans: [],
      periodStarts: {},
      reminders: [],
      supervisions: [],
      ...(concludedReason === undefined ? {} : { concludedReason }),
    };
    records.set(key, Object.freeze(record));
  }
  return record;
};

/** The record after `event` on an ended stream: a `PetitionConcluded` records its reason, as `evolve` does. */
export const afterEnd = (ended: PetitionState, event: EventEnvelope): PetitionState =>
  event.type === "PetitionConcluded" && typeof event.data.reason === "string"
    ? endedState(ended.status, event.data.reason)
    : ended;
