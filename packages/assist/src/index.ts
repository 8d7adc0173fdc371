/**
 * @petitio/assist: suggestions a person confirms, each with its reasons and
 * a confidence, all derived from the event log (so they can be rebuilt).
 */
export * from "./errors.js";
export * from "./evaluation/classification-metrics.js";
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
