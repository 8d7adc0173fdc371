/**
 * @petitio/assist: suggestions a person confirms, each with its reasons and
 * a confidence, all derived from the event log (so they can be rebuilt).
 */
export {
  applyCaseEvent,
  type CaseRecord,
  type CaseReply,
  type CaseState,
  type CaseStatus,
  caseRecordsProjection,
  caseText,
  collectCases,
} from "./cases/case-records.js";
export {
  DEFAULT_DUPLICATE_OPTIONS,
  type DuplicateCandidate,
  DuplicateIndex,
  type DuplicateInput,
  type DuplicateOptions,
  type DuplicatePair,
  type DuplicateSignals,
  findDuplicatePairs,
  type Tokenization,
} from "./duplicates/duplicate-index.js";
export type { ScoreWeights } from "./duplicates/score.js";
export { AssistInputError, RouterModelError } from "./errors.js";
export * from "./evaluation/classification-metrics.js";
export {
  type CheckName,
  outcomeOfText,
  type ReplyDraft,
  type ReplyOutcome,
  type ReviewFinding,
  reviewReply,
} from "./review/reply-checks.js";
export {
  createRouter,
  type LabelledText,
  type Router,
  type RouterModel,
  type RouteSuggestion,
  readRouterModel,
  type TrainRouterOptions,
  trainRouter,
} from "./router/router.js";
export {
  DEFAULT_RANK_WINDOW,
  type SearchFilters,
  type SearchHit,
  SearchIndex,
  type SearchOptions,
  type SearchResult,
} from "./search/search-index.js";
export {
  type SimilarCase,
  SimilarCaseIndex,
  type SimilarOptions,
} from "./similar/similar-cases.js";
export { type TopicCluster, type TopicOptions, topicClusters } from "./topics/topic-clusters.js";
