import type { EventEnvelope } from "../events/envelope.js";
import type { ImportOptions } from "./event-store.js";

export interface ImportSteps {
  /** Decode (validate, upcast) one event; `line` counts from 1 across the whole import. */
  decode(event: EventEnvelope, line: number): EventEnvelope;
  /** Check and write one batch at once; `imported` events came before it. Throws to leave it out. */
  commit(batch: EventEnvelope[], imported: number): void | Promise<void>;
  /** Runs after each committed batch (stores wake their subscribers). */
  committed(): void;
}

/**
 * The loop of every store's `importEvents`: events gathered `batchSize` at a
 * time (default 1000) and committed batch by batch, so a bad event leaves its
 * batch out while the batches before it stay (and were reported through
 * `onProgress`). Returns how many events were imported.
 */
export const importInBatches = async (
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: ImportOptions,
  steps: ImportSteps,
): Promise<number> => {
  const batchSize = options.batchSize ?? 1000;
  let imported = 0;
  let batch: EventEnvelope[] = [];
  const flush = async () => {
    await steps.commit(batch, imported);
    imported += batch.length;
    batch = [];
    steps.committed();
    options.onProgress?.(imported);
  };
  for await (const event of events) {
    batch.push(steps.decode(event, imported + batch.length + 1));
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return imported;
};
