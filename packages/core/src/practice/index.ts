/** The practice around the procedure: one front door for core's index. */
export type { PracticeCommand, PracticeCommandInput, PracticeCommandType } from "./commands.js";
export { parsePracticeCommand, practiceCommandSchema } from "./commands.js";
export { PRACTICE_TIMER_KINDS } from "./deadlines.js";
export type {
  PracticeDesk,
  PracticeDeskOptions,
  PracticeResult,
  PracticeTickResult,
} from "./desk.js";
export { createPracticeDesk, foldPracticeStream } from "./desk.js";
export type {
  DispatchCatalogue,
  DispatchDecision,
  DispatchEntry,
  DispatchTicket,
} from "./dispatch-catalogue.js";
export { dispatchCatalogue, dispatchTicket } from "./dispatch-catalogue.js";
export type { PracticeEventData, PracticeEventType } from "./events.js";
export { PRACTICE_EVENT_TYPES, practiceEventSchemas } from "./events.js";
export type {
  MonthlyTopicReport,
  PracticeFacts,
  PracticeQuery,
  PracticeReport,
} from "./projection.js";
export { practiceProjection, practiceReport } from "./projection.js";
export type { PracticeLimits } from "./rules.js";
export { DEFAULT_PRACTICE_LIMITS, PracticeRuleError } from "./rules.js";
export type { PracticeStreamKind } from "./streams.js";
export { PRACTICE_STREAMS, parsePracticeStreamId, practiceStreamId } from "./streams.js";
