/**
 * @petitio/testing: fast-check arbitraries, an invariant library, given/when/then
 * helpers, a model-based lifecycle check, transition coverage and replay
 * regression, for testers who must show that a deployment's policy and
 * handlers never break the law or the numbers.
 */
export * from "./arbitraries/chinese-text.js";
export * from "./arbitraries/commands.js";
export * from "./arbitraries/dates.js";
export * from "./arbitraries/petitioners.js";
export * from "./arbitraries/timelines.js";
export * from "./chart-coverage/transitions.js";
export * from "./given-when-then.js";
export * from "./invariants/due-times.js";
export * from "./invariants/log-invariants.js";
export * from "./invariants/metric-bounds.js";
export * from "./invariants/replay-invariants.js";
export * from "./invariants/violation.js";
export * from "./log-builder.js";
export type {
  AuthorizationChoices,
  AuthorizationMode,
  SupervisedPetition,
} from "./model/authorization-model.js";
export * from "./model/chart-walk.js";
export * from "./model/lifecycle-check.js";
export type { AuthorizeUnderTest, StepCounts, SteppingClock } from "./model/run-step.js";
export * from "./replay/replay-regression.js";
