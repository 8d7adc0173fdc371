/**
 * @petitio/core: the public API, listed by name. Everything exported here is a
 * promise to users; helpers for storage adapters are in `@petitio/core/adapter`,
 * the conformance suite in `@petitio/core/conformance`, the rest is private.
 */

// Tamper evidence (docs/log-integrity.md) and who may act (docs/security.md).
export * from "./authorization/accusation-secrecy.js";
export * from "./authorization/authorize.js";
export * from "./authorization/errors.js";
// The engine: commands in, events out.
export {
  type Command,
  type CommandInput,
  type CommandInputOf,
  type CommandOf,
  commandSchemas,
  parseCommand,
} from "./engine/commands.js";
export { type DecideContext, decide } from "./engine/decide.js";
export { createEngine, type Engine, type EngineOptions } from "./engine/engine.js";
export type { ExecuteResult, TickResult } from "./engine/results.js";
// Errors: every error Petitio throws is a PetitioError with a literal `code`.
export {
  ConcurrencyError,
  type FieldIssue,
  IdempotencyConflictError,
  LogOrderError,
  LogParseError,
  PetitioError,
  type PetitioErrorCode,
  StoreClosedError,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  ValidationError,
} from "./errors.js";
export {
  CATEGORIES,
  type Category,
  CHANNELS,
  type Channel,
  CONCLUSION_REASONS,
  type ConclusionReason,
  DECISION_OUTCOMES,
  EVENT_TYPES,
  type EventData,
  type EventDataMap,
  eventDataSchemas,
  isEventOfType,
  MAX_EXTENSION_DAYS,
  MAX_REPRESENTATIVES,
  type PetitionEvent,
  type PetitionEventType,
  type Petitioner,
  petitionerSchema,
  RATINGS,
  RECOMMENDATION_KINDS,
  REDIRECT_CHANNELS,
  REPLY_OUTCOMES,
  REQUEST_TYPES,
  type RequestType,
  requestTypeSchema,
  STAGES,
  type Stage,
} from "./events/catalog.js";
// Events: the catalog, the envelope, schema versions.
export {
  ACTOR_ROLES,
  type Actor,
  type ActorRole,
  type EventEnvelope,
  type EventMeta,
  type NewEvent,
  petitionIdOf,
  petitionStreamId,
} from "./events/envelope.js";
export type { NewPetitionEvent } from "./events/preview.js";
export {
  type DecodeOptions,
  defaultRegistry,
  defineUpcaster,
  EventRegistry,
  type Upcaster,
} from "./events/registry.js";
export * from "./integrity/chain.js";
export * from "./integrity/chain-verifier.js";
export * from "./integrity/checkpoint.js";
export * from "./integrity/errors.js";
export * from "./integrity/seal-log.js";
// The lifecycle: the procedure table, the chart built from it, the fold, the checks.
export type { ActorViolation } from "./lifecycle/actors.js";
export { allowedCommands } from "./lifecycle/allowed.js";
export { checkEvent } from "./lifecycle/check-event.js";
export { COMMAND_ROLES, COMMAND_TYPES, type CommandType } from "./lifecycle/command-types.js";
export { ForbiddenRoleError, IllegalCommandError } from "./lifecycle/errors.js";
export { evolve, foldStream } from "./lifecycle/evolve.js";
export {
  type PetitionMachine,
  type PetitionMachineEvent,
  petitionMachine,
} from "./lifecycle/machine.js";
export {
  isAbove,
  type OrgHierarchy,
  orgHierarchy,
  orgsAbove,
} from "./lifecycle/org-hierarchy.js";
export {
  DELIVERY_TOLERANCE_MS,
  LEGAL_RULES,
  type LegalRule,
  REPEAT_CONDITIONS,
  type RepeatCondition,
  type RuleDependence,
  type RuleId,
  type Violation,
} from "./lifecycle/rules.js";
export type { PetitionState } from "./lifecycle/state.js";
export {
  type Branches,
  EVENT_COMMAND,
  isTerminal,
  PETITION_STATUSES,
  type PetitionStatus,
  PROCEDURE,
  type StatusSpec,
  type Transition,
} from "./lifecycle/transitions.js";
// The log: JSON Lines in and out of any store.
export { LogLineTooLongError } from "./log/errors.js";
export {
  DEFAULT_MAX_LINE_BYTES,
  type LineSplitterOptions,
  type LogLine,
  parseLog,
  type ReadLogOptions,
  readLogFile,
  writeLogFile,
} from "./log/jsonl.js";
export {
  type ExportLogOptions,
  exportLog,
  exportLogFile,
  type ImportLogOptions,
  importLog,
} from "./log/store-log.js";
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
  type DispatchStore,
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
// Erasable personal data (docs/security.md#personal-data).
export * from "./privacy/errors.js";
export * from "./privacy/field-cipher.js";
export * from "./privacy/keys.js";
export * from "./privacy/personal-data.js";
// Projections and metrics.
export {
  computeHotTopics,
  type HotTopic,
  type HotTopicsOptions,
  type HotTopicsReport,
  hotTopicsFromFacts,
} from "./projections/hot-topics.js";
export {
  computeHotlineRates,
  type HotlineRateOptions,
  type HotlineRates,
  hotlineRatesFold,
} from "./projections/hotline-rates.js";
export {
  GROUP_BY,
  type GroupBy,
  type MetricsOptions,
  resolveMetricsOptions,
} from "./projections/metric-options.js";
export {
  computeMetrics,
  type MetricCounts,
  type MetricRates,
  type MetricsGroup,
  type MetricsReport,
  metricsFromFacts,
  RATE_INPUTS,
  RATE_NAMES,
  type Rate,
} from "./projections/metrics.js";
export {
  computeOverdue,
  type OverdueItem,
  type OverdueOptions,
  type OverdueReport,
  overdueFromFacts,
} from "./projections/overdue.js";
export {
  type PetitionFacts,
  type PetitionFactsState,
  petitionFactsProjection,
} from "./projections/petition-facts.js";
export type { AnyProjection, Projection } from "./projections/projection.js";
export { parseInstantOption, type ReplayOptions, replay } from "./projections/replay.js";
export { ProjectionRunner, type ProjectionRunnerOptions } from "./projections/runner.js";
export type { DueStatus, StageStatus } from "./projections/stage-status.js";
export { DEFAULT_TIME_ZONE } from "./projections/zoned-month.js";
// Storage: the contract every adapter implements, and the in-memory one.
export type * from "./store/event-store.js";
export { MemoryEventStore } from "./store/memory-store.js";
// Legal time: policies, calendars, due times, zones.
export {
  CalendarRangeError,
  type ChinaCalendar,
  chinaCalendar,
  createChinaCalendar,
  type WorkCalendar,
  weekendCalendar,
} from "./time/calendar.js";
export {
  type HolidaySchedule,
  parseHolidaySchedules,
  readHolidaySchedules,
} from "./time/holiday-schedule.js";
export {
  daysUntil,
  dueAfter,
  dueAt,
  dueCounting,
  type ExcludedSpan,
} from "./time/legal-time.js";
export { hotline12345Policy, nationalPolicy, zhejiangPolicy } from "./time/policy.js";
export {
  definePolicy,
  handlingLimitOf,
  type LimitName,
  type PeriodLimit,
  type Policy,
  type PolicyOverrides,
} from "./time/policy-config.js";
export {
  type CountedPeriods,
  extendedHandlingDueAt,
  reexaminationDueAfterHearing,
} from "./time/recounted-due.js";
export { formatInZone, isValidTimeZone, localDateOf, offsetMinutes } from "./time/zone.js";
