import { dueAt, excludeInterval, extendDueAt, type LimitName, type Policy } from "@petitio/core";
import type { LogInvariant } from "./log-invariants.js";
import { groupByStream, locate } from "./streams.js";
import type { Violation } from "./violation.js";

/**
 * "Every due time equals what the policy and calendar give" (docs/policies.md): each
 * stored `...DueAt` is recomputed from the policy at the moment its stage
 * started and compared as an instant. Stage starts: routing at `receivedAt`
 * (W22 Art. 22), a reply's and a review decision's request windows at
 * `deliveredAt` (Art. 35, 36), every other stage at the event's `occurredAt`.
 * An extension counts from the previous handling due time (Art. 34); a hearing
 * moves the re-examination due time by the days it spanned (Art. 36 ¶2).
 */
export const dueTimesMatchPolicy =
  (policy: Policy): LogInvariant =>
  (events) => {
    const violations: Violation[] = [];
    for (const stream of groupByStream(events).values()) {
      let handlingDue: string | undefined;
      let reexaminationDue: string | undefined;
      let hearingStart: string | undefined;
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
            check("handlingDueAt", stage("handling", event.occurredAt));
            break;
          case "HandlingExtended":
            check("handlingDueAt", () =>
              handlingDue === undefined || typeof d.days !== "number"
                ? undefined
                : extendDueAt(policy, handlingDue, d.days),
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
            check("reexaminationDueAt", stage("reexamination", event.occurredAt));
            break;
          case "HearingStarted":
            hearingStart = event.occurredAt;
            break;
          case "HearingEnded":
            check("reexaminationDueAt", () =>
              reexaminationDue === undefined || hearingStart === undefined
                ? undefined
                : excludeInterval(policy, reexaminationDue, hearingStart, event.occurredAt),
            );
            hearingStart = undefined;
            break;
        }
        handlingDue = stringOr(d.handlingDueAt, handlingDue);
        reexaminationDue = stringOr(d.reexaminationDueAt, reexaminationDue);
      }
    }
    return violations;
  };

/** The stored due time an event sets, else the one before it. */
const stringOr = (value: unknown, previous: string | undefined) =>
  typeof value === "string" ? value : previous;
