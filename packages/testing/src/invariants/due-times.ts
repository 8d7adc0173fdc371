import {
  dueAt,
  dueCounting,
  type ExcludedSpan,
  handlingLimitOf,
  type LimitName,
  type Policy,
  type RequestType,
} from "@petitio/core";
import type { LogInvariant } from "./log-invariants.js";
import { groupByStream, locate } from "./streams.js";
import type { Violation } from "./violation.js";

/**
 * "Every due time equals what the policy and calendar give" (docs/policies.md): each
 * stored `...DueAt` is recomputed from the policy at the moment its stage
 * started and compared as an instant. Stage starts: routing at `receivedAt`
 * (W22 Art. 22), a reply's and a review decision's request windows at
 * `deliveredAt` (Art. 35, 36), every other stage at the event's `occurredAt`.
 * An extension lengthens the handling period, counted again from the acceptance
 * (Art. 34); a re-examination is counted again from its request with the
 * dates of its hearings skipped (Art. 36 ¶2) — each rolled once, with the same
 * `dueCounting` the engine uses (docs/policies.md).
 */
export const dueTimesMatchPolicy =
  (policy: Policy): LogInvariant =>
  (events) => {
    const violations: Violation[] = [];
    for (const stream of groupByStream(events).values()) {
      let requestType: RequestType | undefined;
      let handlingStart: string | undefined;
      let reexaminationStart: string | undefined;
      let hearingStart: string | undefined;
      let hearings: ExcludedSpan[] = [];
      for (const entry of stream) {
        const { event } = entry;
        const check = (field: string, expected: () => string | undefined) => {
          const stored = event.data[field];
          if (typeof stored !== "string") return;
          let want: string | undefined;
          try {
            want = expected();
          } catch (error) {
            violations.push({
              rule: "dueTimesMatchPolicy",
              message: `${event.type}.${field}: the policy cannot compute it (${(error as Error).message})`,
              ...locate(entry),
            });
            return;
          }
          if (want !== undefined && Date.parse(want) !== Date.parse(stored)) {
            violations.push({
              rule: "dueTimesMatchPolicy",
              message: `${event.type}.${field} is ${stored}, but ${policy.id} gives ${want}`,
              ...locate(entry),
            });
          }
        };
        const stage = (limit: LimitName, start: unknown) => () =>
          typeof start === "string" ? dueAt(policy, limit, start) : undefined;
        const d = event.data;
        switch (event.type) {
          case "PetitionRegistered":
            requestType = d.requestType as RequestType | undefined;
            check("routingDueAt", stage("routing", d.receivedAt));
            break;
          case "RoutingObjected":
            check("routingDueAt", stage("routing", event.occurredAt));
            break;
          case "PetitionRouted":
            check("acceptanceDueAt", stage("acceptance", event.occurredAt));
            check("objectionDueAt", stage("objection", event.occurredAt));
            if (policy.limits.reportBack)
              check("reportBackDueAt", stage("reportBack", event.occurredAt));
            break;
          case "PetitionAccepted":
          case "ReturnedForRehandling":
            handlingStart = event.occurredAt;
            check("handlingDueAt", () =>
              dueCounting(policy, handlingLimitOf(policy, requestType), event.occurredAt),
            );
            break;
          case "HandlingExtended":
            check("handlingDueAt", () =>
              handlingStart === undefined || typeof d.days !== "number"
                ? undefined
                : dueCounting(policy, handlingLimitOf(policy, requestType), handlingStart, {
                    extraDays: d.days,
                  }),
            );
            break;
          case "ReplyIssued":
            check("reviewRequestDueAt", stage("reviewRequest", d.deliveredAt));
            break;
          case "ReviewRequested":
            check("reviewDueAt", stage("review", event.occurredAt));
            break;
          case "ReviewDecided":
            check("reexaminationRequestDueAt", stage("reexaminationRequest", d.deliveredAt));
            break;
          case "ReexaminationRequested":
            reexaminationStart = event.occurredAt;
            hearings = [];
            check("reexaminationDueAt", stage("reexamination", event.occurredAt));
            break;
          case "HearingStarted":
            hearingStart = event.occurredAt;
            break;
          case "HearingEnded":
            if (d.stage === "reexamination" && hearingStart !== undefined) {
              hearings = [...hearings, { from: hearingStart, to: event.occurredAt }];
            }
            check("reexaminationDueAt", () =>
              reexaminationStart === undefined
                ? undefined
                : dueCounting(policy, "reexamination", reexaminationStart, { excluded: hearings }),
            );
            hearingStart = undefined;
            break;
        }
      }
    }
    return violations;
  };
