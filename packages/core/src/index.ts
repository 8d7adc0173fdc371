/**
 * @petitio/core: the event catalog, the store contract, the lifecycle, legal
 * time, the engine and projections. Everything public is exported here.
 */
export * from "./engine/commands.js";
export * from "./engine/deadlines.js";
export * from "./engine/decide.js";
export * from "./engine/engine.js";
export * from "./engine/notifications.js";
export * from "./engine/results.js";
export * from "./engine/tick.js";
export * from "./errors.js";
export * from "./events/catalog.js";
export * from "./events/envelope.js";
export * from "./events/registry.js";
export * from "./lifecycle/actors.js";
export * from "./lifecycle/allowed.js";
export * from "./lifecycle/check-event.js";
export * from "./lifecycle/command-types.js";
export * from "./lifecycle/errors.js";
export * from "./lifecycle/evolve.js";
export * from "./lifecycle/machine.js";
export * from "./lifecycle/rules.js";
export * from "./lifecycle/state.js";
export * from "./lifecycle/transitions.js";
export * from "./log/jsonl.js";
export * from "./log/store-log.js";
export * from "./projections/hot-topics.js";
export * from "./projections/metric-options.js";
export * from "./projections/metrics.js";
export * from "./projections/overdue.js";
export * from "./projections/petition-facts.js";
export * from "./projections/projection.js";
export * from "./projections/replay.js";
export * from "./projections/runner.js";
export {
  DEFAULT_REMINDER_WINDOW_DAYS,
  type DueStatus,
  type StageStatus,
  stageStatusOf,
} from "./projections/stage-status.js";
export { DEFAULT_TIME_ZONE } from "./projections/zoned-month.js";
export * from "./store/append-checks.js";
export * from "./store/event-store.js";
export * from "./store/import-batches.js";
export * from "./store/memory-store.js";
export * from "./store/subscription.js";
export * from "./time/calendar.js";
export * from "./time/legal-time.js";
export * from "./time/policy.js";
export { isValidTimeZone, localDateOf, offsetMinutes } from "./time/zone.js";
