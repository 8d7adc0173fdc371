import { PetitioError } from "../errors.js";
import type { Actor, ActorRole, EventEnvelope } from "../events/envelope.js";
import type { PetitionState } from "../lifecycle/state.js";
import type { Policy } from "../time/policy-config.js";
import type { PracticeCommandOf, PracticeCommandType } from "./commands.js";
import type { PracticeEventData, PracticeEventType } from "./events.js";
import type { PracticeStreamKind } from "./streams.js";

/** A practice command refused by a rule; nothing was appended. */
export class PracticeRuleError extends PetitioError {
  readonly code = "PRACTICE_RULE_VIOLATED";
  constructor(
    readonly command: string,
    readonly rule: string,
    /** Where the rule comes from, e.g. "W22 Art. 40 ¶4". */
    readonly basis: string,
    readonly reason: string,
  ) {
    super(`${command}: ${reason} (${rule}, ${basis})`);
  }
}

/** What a decider may read besides the stream. */
export interface PracticeContext {
  policy: Policy;
  /** Business time of the command. */
  now: string;
  actor: Actor;
  limits: PracticeLimits;
  /** The petition the decider names with `petition(command)`, folded from its stream. */
  petition?: PetitionState;
}

/** Deadlines of the practice module that no national text fixes; configurable per deployment. */
export interface PracticeLimits {
  /** Days to give a proposer feedback after a suggestion is received (W22 Art. 29 ¶1 "予以回复"; SH-S Art. 11–12 leave the number to local rules). */
  suggestionFeedbackDays: number;
  /** Days for an org to answer a 三项建议 in writing (W22 Art. 40 ¶4 sets no number). */
  recommendationResponseDays: number;
}

export const DEFAULT_PRACTICE_LIMITS: PracticeLimits = {
  suggestionFeedbackDays: 60,
  recommendationResponseDays: 30,
};

/** An event a decider records (placed and stamped by the desk). */
export type PracticeEvent =
  | {
      [T in PracticeEventType]: { type: T; data: PracticeEventData<T> };
    }[PracticeEventType]
  | { type: "RecommendationIssued"; data: Record<string, unknown> };

/** Reminders and supervisions issued for one deadline of a stream. */
export interface FollowUp {
  reminded: boolean;
  level: number;
}

export interface Decider<S, T extends PracticeCommandType> {
  readonly stream: PracticeStreamKind;
  /** Another stream the decision reads (e.g. the campaign a suggestion is submitted to). */
  related?(command: PracticeCommandOf<T>): { kind: PracticeStreamKind; id: string } | undefined;
  /** A petition the decision reads (e.g. the ticket whose first receiver coordinates). */
  petition?(command: PracticeCommandOf<T>): string;
  decide(
    state: S | undefined,
    command: PracticeCommandOf<T>,
    ctx: PracticeContext,
    related?: unknown,
  ): PracticeEvent[];
}

export function requireRole(
  command: string,
  actor: Actor,
  roles: readonly ActorRole[],
  basis: string,
): void {
  if (!roles.includes(actor.role)) {
    throw new PracticeRuleError(
      command,
      "role",
      basis,
      `a ${actor.role} may not do this; allowed: ${roles.join(", ")}`,
    );
  }
}

/** The acting org must be the one named (an org answers only for itself). */
export function requireOrg(command: string, actor: Actor, org: string, basis: string): void {
  if (actor.role !== "supervisor" && actor.org !== org) {
    throw new PracticeRuleError(
      command,
      "org",
      basis,
      `only ${org} may do this; the actor is ${actor.org === undefined ? "of no org" : `of ${actor.org}`}`,
    );
  }
}

export function requireExists<S>(command: string, state: S | undefined, what: string): S {
  if (state === undefined) {
    throw new PracticeRuleError(
      command,
      "exists",
      "—",
      `no ${what} with this id has been recorded`,
    );
  }
  return state;
}

export function requireNew(command: string, state: unknown, what: string): void {
  if (state !== undefined) {
    throw new PracticeRuleError(command, "new", "—", `a ${what} with this id already exists`);
  }
}

/** Fold the follow-up notices every practice stream may carry. */
export function foldFollowUp(
  followUp: Readonly<Record<string, FollowUp>>,
  event: EventEnvelope,
): Record<string, FollowUp> | undefined {
  if (event.type !== "FollowUpReminderIssued" && event.type !== "FollowUpSupervisionIssued") {
    return undefined;
  }
  const deadline = String(event.data.deadline);
  const now = followUp[deadline] ?? { reminded: false, level: 0 };
  const next =
    event.type === "FollowUpReminderIssued"
      ? { ...now, reminded: true }
      : { ...now, level: Math.max(now.level, Number(event.data.level)) };
  return { ...followUp, [deadline]: next };
}
