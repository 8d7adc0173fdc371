import type { EventEnvelope } from "../events/envelope.js";
import type { Decider, FollowUp } from "./rules.js";
import {
  foldFollowUp,
  PracticeRuleError,
  requireExists,
  requireOrg,
  requireRole,
} from "./rules.js";

/**
 * 首接负责制, first-receiver responsibility (BJ Art. 14): the org that signed for
 * a 12345 ticket may not pass it on (不得推诿); when handling it involves other
 * orgs, it coordinates them (牵头协调办理). The others co-handle and report
 * their result to it within the ticket's limit; one that cannot finish in time
 * says why and reports its progress (Art. 14 ¶2). The stream `co-handling-<petitionId>`
 * records the coordination; the ticket itself stays with the first receiver,
 * who alone replies.
 */

const BASIS = "BJ Art. 14 ¶2";

export interface CoHandlerState {
  dueAt: string;
  requestedAt: string;
  /** Reports received (a progress report first, when the result is late). */
  reports: number;
  completedAt?: string;
}

export interface CoHandlingState {
  petitionId: string;
  /** The first receiver: the org that signed for the ticket. */
  leadOrg: string;
  orgs: Record<string, CoHandlerState>;
  followUp: Record<string, FollowUp>;
}

export function evolveCoHandling(
  state: CoHandlingState | undefined,
  event: EventEnvelope,
): CoHandlingState | undefined {
  const d = event.data as Record<string, unknown>;
  if (event.type === "CoHandlingRequested") {
    const orgs = { ...(state?.orgs ?? {}) };
    for (const org of d.orgs as string[]) {
      orgs[org] = { dueAt: String(d.reportDueAt), requestedAt: event.occurredAt, reports: 0 };
    }
    return {
      petitionId: String(d.petitionId),
      leadOrg: String(d.leadOrg),
      orgs,
      followUp: state?.followUp ?? {},
    };
  }
  if (!state) return state;
  const followUp = foldFollowUp(state.followUp, event);
  if (followUp) return { ...state, followUp };
  if (event.type !== "CoHandlingReported") return state;
  const org = String(d.org);
  const before = state.orgs[org];
  if (!before) return state;
  const after: CoHandlerState = { ...before, reports: before.reports + 1 };
  if (d.complete === true) after.completedAt ??= event.occurredAt;
  return { ...state, orgs: { ...state.orgs, [org]: after } };
}

/** Each co-handling org owes its result to the first receiver until it reports it complete. */
export const coHandlingDeadlines = (s: CoHandlingState) =>
  Object.entries(s.orgs)
    .filter(([, o]) => o.completedAt === undefined)
    .map(([org, o]) => ({ deadline: `coHandling:${org}`, dueAt: o.dueAt, org }));

export const requestCoHandling: Decider<CoHandlingState, "requestCoHandling"> = {
  stream: "coHandling",
  petition: (c) => c.id,
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, ["agency"], BASIS);
    const petition = ctx.petition;
    if (petition === undefined) {
      throw new PracticeRuleError(c.type, "exists", BASIS, `no petition ${c.id} is recorded`);
    }
    if (petition.status !== "accepted" || petition.org === undefined) {
      throw new PracticeRuleError(
        c.type,
        "signedFor",
        BASIS,
        `the first receiver coordinates a ticket it has signed for and is handling; ${c.id} is ${petition.status}`,
      );
    }
    const leadOrg = petition.org;
    requireOrg(c.type, ctx.actor, leadOrg, `${BASIS} (首接单位牵头协调)`);
    const repeated = c.orgs.filter(
      (org, i) => org === leadOrg || c.orgs.indexOf(org) !== i || state?.orgs[org] !== undefined,
    );
    if (repeated.length > 0) {
      throw new PracticeRuleError(
        c.type,
        "orgs",
        BASIS,
        `co-handling orgs are other orgs, each asked once: ${repeated.join(", ")}`,
      );
    }
    return [
      {
        type: "CoHandlingRequested",
        data: {
          petitionId: c.id,
          leadOrg,
          orgs: c.orgs,
          // Results reach the first receiver within the ticket's own limit (Art. 14 ¶2 在规定期限内).
          reportDueAt: petition.handlingDueAt ?? ctx.now,
          ...(c.note === undefined ? {} : { note: c.note }),
        },
      },
    ];
  },
};

export const reportCoHandling: Decider<CoHandlingState, "reportCoHandling"> = {
  stream: "coHandling",
  decide(state, c, ctx) {
    const s = requireExists(c.type, state, "co-handling request");
    requireRole(c.type, ctx.actor, ["agency"], BASIS);
    const org = ctx.actor.org ?? "";
    const asked = s.orgs[org];
    if (!asked) {
      throw new PracticeRuleError(
        c.type,
        "org",
        BASIS,
        `${org || "an actor without an org"} was not asked to co-handle ${s.petitionId} (asked: ${Object.keys(s.orgs).join(", ")})`,
      );
    }
    if (asked.completedAt !== undefined) {
      throw new PracticeRuleError(c.type, "once", BASIS, `${org} already reported its result`);
    }
    if (!c.complete && c.reason === undefined) {
      throw new PracticeRuleError(
        c.type,
        "reason",
        BASIS,
        "a result not yet complete comes with the reason and the progress made (说明理由并报告阶段性工作情况)",
      );
    }
    return [
      {
        type: "CoHandlingReported",
        data: {
          org,
          summary: c.summary,
          complete: c.complete,
          ...(c.reason === undefined ? {} : { reason: c.reason }),
        },
      },
    ];
  },
};
