import {
  dueAt,
  type EventEnvelope,
  extendedHandlingDueAt,
  type PetitionState,
  type Policy,
  reexaminationDueAfterHearing,
} from "@petitio/core";

/**
 * The due times an event should carry under a policy: the same computation
 * the engine makes when a stage starts (LOG-FORMAT: "Every ...DueAt is computed
 * by the engine from the policy and calendar at the moment the stage starts").
 * `verify --policy` compares them with the stored ones, because the metrics
 * read only the stored values: a due time moved by hand moves the on-time
 * rates and the 督办 list.
 */

/** Field → the due time the policy gives, or undefined when the policy gives none. */
export type ExpectedDueTimes = Record<string, string | undefined>;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function expectedDueTimes(
  state: PetitionState | undefined,
  event: EventEnvelope,
  policy: Policy,
): ExpectedDueTimes | undefined {
  const at = event.occurredAt;
  const d = event.data;
  switch (event.type) {
    case "PetitionRegistered": {
      const receivedAt = str(d.receivedAt) ?? at;
      return { routingDueAt: dueAt(policy, "routing", receivedAt) };
    }
    case "PetitionRouted":
      return {
        acceptanceDueAt: dueAt(policy, "acceptance", at),
        objectionDueAt: dueAt(policy, "objection", at),
        reportBackDueAt:
          d.mode === "assign"
            ? dueAt(policy, policy.limits.reportBack ? "reportBack" : "handling", at)
            : undefined,
      };
    case "RoutingObjected":
      return { routingDueAt: dueAt(policy, "routing", at) };
    case "PetitionAccepted":
      return { handlingDueAt: dueAt(policy, "handling", at) };
    case "HandlingExtended": {
      const days = d.days;
      if (typeof days !== "number" || !Number.isInteger(days) || days < 1) return undefined;
      if (days > policy.maxExtensionDays) return undefined; // the extension rule names it
      if (!state) return undefined;
      // The handling period counted again from its start, extension included (W22 Art. 34).
      return { handlingDueAt: extendedHandlingDueAt(policy, state, days, at) };
    }
    case "HearingEnded": {
      const hearing = state?.hearing;
      if (hearing?.stage !== "reexamination" || state?.reexaminationDueAt === undefined) {
        return undefined;
      }
      // Counted again from the request, every hearing's dates skipped (W22 Art. 36 ¶2).
      return {
        reexaminationDueAt: reexaminationDueAfterHearing(
          policy,
          state,
          { from: hearing.startedAt, to: at },
          at,
        ),
      };
    }
    case "ReplyIssued": {
      const deliveredAt = str(d.deliveredAt) ?? at;
      return {
        reviewRequestDueAt: dueAt(policy, "reviewRequest", deliveredAt),
        callBackDueAt: policy.limits.callBack ? dueAt(policy, "callBack", deliveredAt) : undefined,
      };
    }
    case "ReviewRequested":
      return { reviewDueAt: dueAt(policy, "review", at) };
    case "ReviewDecided":
      return {
        reexaminationRequestDueAt: dueAt(policy, "reexaminationRequest", str(d.deliveredAt) ?? at),
      };
    case "ReexaminationRequested":
      return { reexaminationDueAt: dueAt(policy, "reexamination", at) };
    case "ReminderIssued":
    case "SupervisionIssued": {
      // 催办 / 督办 name the due time of the running stage, or of the duty beside it.
      const due =
        d.stage === "reportBack"
          ? state?.reportBackDueAt
          : d.stage === "callBack"
            ? state?.callBackDueAt
            : state?.dueAt;
      return due === undefined ? undefined : { dueAt: due };
    }
    default:
      return undefined;
  }
}

export interface DueTimeMismatch {
  field: string;
  stored: string | undefined;
  expected: string | undefined;
}

/** Stored due times that differ from what the policy gives (compared as instants). */
export function dueTimeMismatches(
  state: PetitionState | undefined,
  event: EventEnvelope,
  policy: Policy,
): DueTimeMismatch[] {
  const expected = expectedDueTimes(state, event, policy);
  if (!expected) return [];
  const mismatches: DueTimeMismatch[] = [];
  for (const [field, want] of Object.entries(expected)) {
    const stored = str(event.data[field]);
    const same =
      stored === undefined || want === undefined
        ? stored === want
        : Date.parse(stored) === Date.parse(want);
    if (!same) mismatches.push({ field, stored, expected: want });
  }
  return mismatches;
}
