import { z } from "zod";
import { type FieldIssue, ValidationError } from "../errors.js";
import {
  MAX_EXTENSION_DAYS,
  MAX_REPRESENTATIVES,
  REQUEST_TYPES,
  type RequestType,
  STAGES,
  type Stage,
} from "../events/catalog.js";
import type { WorkCalendar } from "./calendar.js";
import { isValidTimeZone } from "./zone.js";

/**
 * The shape of a deployment's time policy and its validation. The presets
 * (national, Zhejiang, 12345) are in policy.ts.
 */

/** A stage of the petition procedure, or one of the 12345 hotline's own periods. */
export type LimitName = Stage | "reportBack" | "callBack";

export const LIMIT_NAMES: readonly LimitName[] = [...STAGES, "reportBack", "callBack"];

export interface PeriodLimit {
  days: number;
  unit: "calendarDays" | "workingDays";
  /** where it comes from, e.g. "W22 Art. 22" */
  basis: string;
}

export type LastDayRule = "nextWorkingDay" | "nextDayAfterHolidayOnly" | "none";

export interface Policy {
  id: string;
  name: string;
  /** IANA zone the periods are counted in, default Asia/Shanghai. */
  timeZone: string;
  calendar: WorkCalendar;
  limits: Record<Stage, PeriodLimit> & Partial<Record<"reportBack" | "callBack", PeriodLimit>>;
  /** W22 Art. 34: an extension of the handling period is at most 30 days. */
  maxExtensionDays: number;
  /** W22 Art. 20 ¶3: a group visit elects at most 5 representatives. */
  maxRepresentatives: number;
  /** 催办: a reminder is issued this many days before a due time. */
  reminderWindowDays: number;
  /** 督办: the supervision level rises every N days overdue. */
  supervisionEscalationDays: number;
  maxSupervisionLevel: number;
  /** Civil Code Art. 203: a period whose last day is a rest day ends on the next working day. */
  lastDayRule: LastDayRule;
  /**
   * 12345 tickets: the handling limit of each request type (BJ Art. 13: the
   * ticket names its limit); a ticket of a type not listed, or without a type,
   * gets `limits.handling`.
   */
  requestTypeHandling?: { readonly [T in RequestType]?: PeriodLimit };
}

/** What a deployment changes; limits merge per field, everything else replaces. */
export interface PolicyOverrides {
  id?: string;
  name?: string;
  timeZone?: string;
  calendar?: WorkCalendar;
  limits?: { [K in LimitName]?: Partial<PeriodLimit> };
  maxExtensionDays?: number;
  maxRepresentatives?: number;
  reminderWindowDays?: number;
  supervisionEscalationDays?: number;
  maxSupervisionLevel?: number;
  lastDayRule?: LastDayRule;
  /** Replaces the base's table as a whole. */
  requestTypeHandling?: { [T in RequestType]?: PeriodLimit };
}

const positiveInt = (what = "a positive integer") =>
  z.int({ error: `must be ${what}` }).min(1, { error: `must be ${what}` });
const intBetween = (min: number, max: number, why: string) =>
  z
    .int({ error: `must be an integer from ${min} to ${max}${why}` })
    .min(min, { error: `must be an integer from ${min} to ${max}${why}` })
    .max(max, { error: `must be an integer from ${min} to ${max}${why}` });
const nonEmpty = z.string({ error: "must be a non-empty string" }).min(1, {
  error: "must be a non-empty string",
});

const periodLimitSchema = z.strictObject({
  days: positiveInt(),
  unit: z.enum(["calendarDays", "workingDays"], {
    error: 'must be "calendarDays" or "workingDays"',
  }),
  basis: nonEmpty,
});

const limitsShape = Object.fromEntries(STAGES.map((stage) => [stage, periodLimitSchema])) as {
  [K in Stage]: typeof periodLimitSchema;
};

const calendarSchema = z.custom<WorkCalendar>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as WorkCalendar).isWorkingDay === "function" &&
    typeof (value as WorkCalendar).isHoliday === "function",
  { error: "must be a WorkCalendar (isWorkingDay and isHoliday functions)" },
);

const policySchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  timeZone: z.string({ error: "must be an IANA time zone name" }).refine(isValidTimeZone, {
    error: "must be an IANA time zone name this runtime knows (e.g. Asia/Shanghai)",
  }),
  calendar: calendarSchema,
  limits: z.strictObject({
    ...limitsShape,
    reportBack: periodLimitSchema.optional(),
    callBack: periodLimitSchema.optional(),
  }),
  maxExtensionDays: intBetween(
    0,
    MAX_EXTENSION_DAYS,
    " (W22 Art. 34; a v1 HandlingExtended event allows at most 30)",
  ),
  maxRepresentatives: intBetween(1, MAX_REPRESENTATIVES, " (W22 Art. 20)"),
  reminderWindowDays: z
    .int({ error: "must be a non-negative integer" })
    .min(0, { error: "must be a non-negative integer" }),
  supervisionEscalationDays: positiveInt(),
  maxSupervisionLevel: positiveInt(),
  lastDayRule: z.enum(["nextWorkingDay", "nextDayAfterHolidayOnly", "none"], {
    error: 'must be "nextWorkingDay", "nextDayAfterHolidayOnly" or "none"',
  }),
  requestTypeHandling: z
    .strictObject(
      Object.fromEntries(REQUEST_TYPES.map((t) => [t, periodLimitSchema.optional()])) as {
        [T in RequestType]: z.ZodOptional<typeof periodLimitSchema>;
      },
    )
    .optional(),
});

function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: path ? `${path}.${key}` : key, message: "unknown setting" });
      }
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

function freezePolicy(policy: Policy): Policy {
  for (const limit of Object.values(policy.limits)) Object.freeze(limit);
  Object.freeze(policy.limits);
  if (policy.requestTypeHandling) {
    for (const limit of Object.values(policy.requestTypeHandling)) Object.freeze(limit);
    Object.freeze(policy.requestTypeHandling);
  }
  return Object.freeze(policy);
}

/**
 * Check a complete policy; bad settings throw one ValidationError listing every
 * field (`limits.handling.days: must be a positive integer`). The result is
 * frozen so a shared preset cannot be changed by accident at run time.
 */
export function createPolicy(config: Policy): Policy {
  const result = policySchema.safeParse(config);
  if (!result.success) throw new ValidationError("policy", toFieldIssues(result.error));
  const { calendar, limits, requestTypeHandling, ...rest } = result.data;
  const copied: Policy = { ...rest, calendar, limits: { ...limits } as Policy["limits"] };
  if (requestTypeHandling !== undefined) {
    copied.requestTypeHandling = withoutUndefined(
      requestTypeHandling,
    ) as Policy["requestTypeHandling"];
  }
  return freezePolicy(copied);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A policy derived from `base`: each limit merges field by field (change
 * `days` and keep `unit`), other settings replace; the result is validated as a
 * whole, so a bad override names its field and nothing half-configured is returned.
 */
export function definePolicy(base: Policy, overrides: PolicyOverrides): Policy {
  if (typeof overrides !== "object" || overrides === null) {
    throw new ValidationError("policy", [{ path: "", message: "overrides must be an object" }]);
  }
  const { limits: limitOverrides, ...rest } = overrides;
  const limits: Record<string, unknown> = { ...base.limits };
  if (limitOverrides !== undefined) {
    if (typeof limitOverrides !== "object" || limitOverrides === null) {
      throw new ValidationError("policy", [{ path: "limits", message: "must be an object" }]);
    }
    for (const [name, change] of Object.entries(limitOverrides)) {
      if (change === undefined) continue;
      const current = limits[name];
      limits[name] =
        typeof change === "object" && change !== null
          ? { ...(current as object | undefined), ...withoutUndefined(change) }
          : change;
    }
  }
  return createPolicy({ ...base, ...withoutUndefined(rest), limits } as Policy);
}

/** The handling limit of a ticket of `requestType` (BJ Art. 13), else the policy's handling limit. */
export function handlingLimitOf(policy: Policy, requestType: RequestType | undefined): PeriodLimit {
  return (requestType && policy.requestTypeHandling?.[requestType]) || policy.limits.handling;
}

/** The limit a policy sets for `name`; a ValidationError when the policy has none. */
export function limitOf(policy: Policy, name: LimitName): PeriodLimit {
  const limit = policy.limits[name];
  if (!limit) {
    throw new ValidationError("policy", [
      { path: `limits.${name}`, message: `not configured in policy "${policy.id}"` },
    ]);
  }
  return limit;
}
