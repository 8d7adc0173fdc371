import { ArgumentCheck } from "../store/argument-checks.js";

/**
 * The checks of `engine.load` and `engine.tick` arguments: callers (and
 * fuzzers) may pass anything, and every refusal is a `ValidationError` whose
 * subject is the method and whose `field` names the argument — never a
 * `TypeError` from deep inside a store (docs/security.md).
 */

/** A petition id as commands take it: a non-empty, well-formed string without spaces. */
export const checkedPetitionId = (method: string, petitionId: unknown): string => {
  const check = new ArgumentCheck(method).id("petitionId", petitionId);
  if (check.issues.length === 0 && /\s/.test(petitionId as string)) {
    check.fail("petitionId", "must not contain spaces");
  }
  check.done();
  return petitionId as string;
};

/** The moment `tick` acts at: an ISO-8601 date-time with offset, on a real calendar day. */
export const checkedTickTime = (now: unknown): string => {
  new ArgumentCheck("tick").time("now", now).done();
  return now as string;
};
