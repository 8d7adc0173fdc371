import { type Violation as CoreViolation, PetitioError } from "@petitio/core";

/**
 * One broken rule, located in the log so a tester can open the exact line: a
 * core `Violation` (the one name for a rule breach) whose rule is an invariant.
 */
export interface Violation extends Readonly<CoreViolation> {
  /** Name of the invariant that failed, e.g. `streamVersionsGapless`. */
  readonly rule: string;
  readonly streamId?: string;
  /** Global position of the offending event, when there is one. */
  readonly position?: number;
  /** 0-based index of the offending event in the checked array. */
  readonly index?: number;
}

/** Thrown by `assertNoViolations`: every violation found, the first one in the message. */
export class InvariantViolationError extends PetitioError {
  readonly code = "INVARIANT_VIOLATED";
  constructor(readonly violations: readonly Violation[]) {
    const first = violations[0];
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    super(first ? `${describeViolation(first)}${more}` : "invariant violated");
  }
}

export const describeViolation = (v: Violation): string => {
  const where = [
    v.streamId,
    v.position === undefined ? undefined : `position ${v.position}`,
    v.index === undefined ? undefined : `event #${v.index + 1}`,
  ].filter((part) => part !== undefined);
  return `${v.rule}: ${where.length > 0 ? `${where.join(", ")}: ` : ""}${v.message}`;
};

/** Throw an `InvariantViolationError` when `violations` is not empty. */
export const assertNoViolations = (violations: readonly Violation[]): void => {
  if (violations.length > 0) throw new InvariantViolationError(violations);
};
