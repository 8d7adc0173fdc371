/**
 * `@petitio/core/adapter`: helpers for storage adapters and tools that read or
 * write raw logs. An adapter built on them checks its arguments, places events
 * and serialises envelopes exactly as the in-memory store does, so every store
 * passes the same conformance suite (`@petitio/core/conformance`).
 */

export {
  EVENT_COLUMNS,
  type EventRowValues,
  envelopeToRowValues,
  rowValuesToEnvelope,
} from "./adapter/event-rows.js";
export { ENVELOPE_FIELD_ORDER, envelopeSchema, isoDateTime } from "./events/envelope.js";
export { issuesOf } from "./events/registry.js";
export { createTemporaryFile, openExclusive } from "./log/exclusive-file.js";
export {
  LineSplitter,
  type LineSplitterOptions,
  serializeEnvelope,
  splitLines,
  writeLog,
} from "./log/jsonl.js";
export { applyClassifiedPractice } from "./practice/projection.js";
export { type EventClass, EventClassifier } from "./projections/event-class.js";
export { applyClassifiedPetitionFact, currentOrgOf } from "./projections/petition-facts.js";
export { snapshotStateOf, stateFromSnapshot } from "./projections/projection.js";
export { TYPE, typeCode, typeName } from "./projections/type-codes.js";
export {
  checkExpectedVersion,
  checkImported,
  checkImportedBatch,
  placeEvents,
  validateAppend,
  validateCheckpoint,
  validateReadAll,
  validateSnapshot,
} from "./store/append-checks.js";
// The one append pipeline (docs/storage.md): core plans, the adapter commits.
export * from "./store/append-plan.js";
export * from "./store/argument-checks.js";
export type {
  ClaimOptions,
  ImportOptions,
  ImportResult,
  ProjectionSnapshot,
  SubscriptionHandler,
  TimerChanges,
} from "./store/event-store.js";
export * from "./store/group-commit.js";
export { importInBatches } from "./store/import-batches.js";
export * from "./store/store-backend.js";
export * from "./store/store-front.js";
export { startSubscription } from "./store/subscription.js";
export { instantMs } from "./time/instant-ms.js";
