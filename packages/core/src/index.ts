/**
 * @petitio/core: the event catalog, the store contract, the lifecycle, legal
 * time, the engine and projections. Everything public is exported here.
 */
export * from "./authorization/accusation-secrecy.js";
export * from "./authorization/authorize.js";
export * from "./authorization/errors.js";
export * from "./engine/commands.js";
export * from "./engine/deadlines.js";
export * from "./engine/decide.js";
export * from "./engine/engine.js";
export * from "./engine/notifications.js";
export * from "./engine/tick.js";
export * from "./errors.js";
export * from "./events/catalog.js";
export * from "./events/envelope.js";
export * from "./events/registry.js";
export * from "./integrity/chain.js";
export * from "./integrity/chain-verifier.js";
export * from "./integrity/checkpoint.js";
export * from "./integrity/errors.js";
export * from "./integrity/seal-log.js";
export * from "./lifecycle/allowed.js";
export * from "./lifecycle/check-event.js";
export * from "./lifecycle/command-types.js";
export * from "./lifecycle/errors.js";
export * from "./lifecycle/evolve.js";
export * from "./lifecycle/machine.js";
export * from "./lifecycle/rules.js";
export * from "./lifecycle/state.js";
export * from "./log/jsonl.js";
export * from "./log/store-log.js";
// Notifications (issue 14): the dispatcher, channels, templates and routing.
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./notify/backoff.js";
export { buildNotification, type RenderSettings } from "./notify/build-notification.js";
export type { DeliveryTarget, NotificationChannel, RateLimit } from "./notify/channel.js";
export { NotifyConfigError } from "./notify/config-error.js";
export { type ConsoleChannelOptions, createConsoleChannel } from "./notify/console-channel.js";
export { asDeliveryError, DeliveryError } from "./notify/delivery-error.js";
export {
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  type DispatchSummary,
  type DispatchTimer,
  type RowOutcome,
  type RowStatus,
  realTimer,
} from "./notify/dispatcher.js";
export {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotificationRecipient,
  type PetitionerContact,
  type PetitionSummary,
  type RenderedNotice,
} from "./notify/notification.js";
export { RateLimiter } from "./notify/rate-limiter.js";
export { type NotificationRoute, routeMatches } from "./notify/routing.js";
export { isNotificationKind, type NoticeInput, renderNotice } from "./notify/templates.js";
// The practice around the procedure (docs/practice.md): suggestion collection,
// 三项建议 follow-through, 每月一题, leaders' reception and 包案.
export * from "./practice/index.js";
export * from "./privacy/errors.js";
export * from "./privacy/field-cipher.js";
export * from "./privacy/keys.js";
export * from "./privacy/personal-data.js";
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
export * from "./store/append-plan.js";
export * from "./store/argument-checks.js";
export * from "./store/event-store.js";
export * from "./store/group-commit.js";
export * from "./store/import-batches.js";
export * from "./store/memory-store.js";
export * from "./store/store-backend.js";
export * from "./store/store-front.js";
export * from "./store/subscription.js";
export * from "./time/calendar.js";
export * from "./time/holiday-schedule.js";
export * from "./time/legal-time.js";
export * from "./time/policy.js";
export { isValidTimeZone, localDateOf, offsetMinutes } from "./time/zone.js";
