import {
  definePolicy,
  dueAfter,
  dueAt,
  handlingLimitOf,
  nationalPolicy,
  type Policy,
  weekendCalendar,
} from "@petitio/core";
import { formatInZone } from "../util/zoned-time.js";
import type { StageDeadlines } from "./importer.js";

/** Stage due times computed by the core's legal-time module under a policy. */
export const policyDeadlines = (policy: Policy): StageDeadlines => {
  const due = (limit: "routing" | "acceptance" | "handling" | "reviewRequest") => (ms: number) =>
    dueAt(policy, limit, formatInZone(ms, policy.timeZone));
  return {
    routing: due("routing"),
    acceptance: due("acceptance"),
    handling: (ms, requestType) =>
      dueAfter(policy, handlingLimitOf(policy, requestType), formatInZone(ms, policy.timeZone)),
    reviewRequest: due("reviewRequest"),
  };
};

/**
 * An Open311-style service-request policy for New York City 311: Monday–Friday
 * working days (no holiday table), periods end at 24:00 New York time. A request's
 * own due date, when it has one, overrides `handling`. The numbers are ours, in
 * the spirit of 311 service-level agreements: dispatch and acknowledgement by
 * the next working day, ten working days to resolve. 311 has no review: a closed
 * request stays "replied" for one day (a log needs a review-request window), then
 * concludes; the review stages keep the national numbers only so the log has values.
 */
export const open311Policy: Policy = definePolicy(nationalPolicy, {
  id: "us-nyc-open311",
  name: "Open311-style NYC 311 service levels",
  timeZone: "America/New_York",
  calendar: weekendCalendar,
  limits: {
    routing: { days: 1, unit: "workingDays", basis: "practice: 311 dispatches at once" },
    acceptance: { days: 1, unit: "workingDays", basis: "practice: agency acknowledgement" },
    objection: { days: 1, unit: "workingDays", basis: "practice" },
    handling: {
      days: 10,
      unit: "workingDays",
      basis: "practice: default when a request has no due date",
    },
    reviewRequest: {
      days: 1,
      unit: "calendarDays",
      basis: "practice: 311 closes a request on its answer",
    },
  },
  lastDayRule: "none",
});
