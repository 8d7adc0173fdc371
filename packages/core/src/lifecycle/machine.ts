import { setup } from "xstate";
import type { CommandType } from "./command-types.js";
import { type RuleContext, type RuleInput, rulesById } from "./rules.js";
import type { PetitionState } from "./state.js";

/**
 * The petition lifecycle as an XState v5 statechart (DESIGN §4). Its events
 * are the commands; it is used as a pure decider through `transition()` /
 * `initialTransition()` with a snapshot restored by `resolveState`, never as a
 * running actor, and has no actions: effects are events and outbox rows.
 *
 * Guards hold the legal windows. An event without `input` (e.g. when a
 * model-based test walks the graph) passes the window guards: the graph then
 * shows every path the law can take.
 */

export interface PetitionMachineContext {
  /** Undefined before registration. */
  petition?: PetitionState;
}

export interface PetitionMachineEvent {
  type: CommandType;
  /** The action as the data of the event it would record (see `RuleInput`). */
  input?: RuleInput;
  ruleContext?: RuleContext;
  /** Set by the engine when `linkRepeat` points, with the same facts and reasons, at a petition already final. */
  previousIsFinal?: boolean;
}

type GuardArgs = { context: PetitionMachineContext; event: PetitionMachineEvent };

/** A guard that passes when all the named rules hold (or when there is nothing to judge). */
const rulesHold =
  (...ids: string[]) =>
  ({ context, event }: GuardArgs): boolean => {
    const { petition } = context;
    if (!petition || !event.input) return true;
    return ids.every(
      (id) =>
        rulesById.get(id)?.check(petition, event.input!, event.ruleContext ?? {}) === undefined,
    );
  };

/** W22 Art. 36 ¶3: after re-examination the same facts and reasons are not accepted again. */
const repeatOfFinal = ({ event }: GuardArgs): boolean =>
  event.type === "linkRepeat" &&
  event.previousIsFinal === true &&
  event.input?.data.sameFactsAndReasons === true;

const withdraw = { withdraw: "withdrawn" } as const;
const officeNotices = {
  issueReminder: {},
  issueSupervision: {},
  issueRecommendation: {},
} as const;
/** What the intake office may do with a petition waiting to be routed (again, after an objection). */
const awaitingRouting = {
  route: "routed",
  redirect: "redirected",
  notAccept: "notAccepted",
  merge: "merged",
  ...withdraw,
  ...officeNotices,
} as const;

export const petitionMachine = setup({
  types: {
    context: {} as PetitionMachineContext,
    events: {} as PetitionMachineEvent,
    input: {} as PetitionMachineContext | undefined,
  },
  guards: {
    objectionWindowOpen: rulesHold("objectionWindowOpen"),
    extensionAllowed: rulesHold(
      "extensionOnce",
      "extensionDays",
      "extensionApproved",
      "extensionBeforeDue",
    ),
    noHearingOpen: rulesHold("noHearingOpen"),
    reviewRequestWindowOpen: rulesHold("reviewRequestWindowOpen"),
    reexaminationRequestWindowOpen: rulesHold("reexaminationRequestWindowOpen"),
    windowLapsedOrResolved: rulesHold("conclusionReason"),
    repeatOfFinal,
  },
}).createMachine({
  id: "petition",
  initial: "unregistered",
  context: ({ input }) => ({ ...input }),
  states: {
    unregistered: {
      on: { register: "registered" },
    },
    registered: {
      on: {
        linkRepeat: [{ guard: "repeatOfFinal", target: "notAccepted" }, { target: "registered" }],
        ...awaitingRouting,
      },
    },
    objected: { on: awaitingRouting },
    routed: {
      on: {
        objectRouting: { guard: "objectionWindowOpen", target: "objected" },
        accept: "accepted",
        notAccept: "notAccepted",
        redirect: "redirected",
        merge: "merged",
        ...withdraw,
        ...officeNotices,
      },
    },
    accepted: {
      on: {
        extend: { guard: "extensionAllowed" },
        recordMediation: {},
        startHearing: {},
        endHearing: {},
        reply: { guard: "noHearingOpen", target: "replied" },
        ...withdraw,
        ...officeNotices,
      },
    },
    replied: {
      on: {
        evaluate: {},
        requestReview: { guard: "reviewRequestWindowOpen", target: "underReview" },
        conclude: { guard: "windowLapsedOrResolved", target: "concluded" },
        ...withdraw,
        issueRecommendation: {},
      },
    },
    underReview: {
      on: {
        decideReview: "reviewed",
        ...withdraw,
        ...officeNotices,
      },
    },
    reviewed: {
      on: {
        evaluate: {},
        requestReexamination: {
          guard: "reexaminationRequestWindowOpen",
          target: "underReexamination",
        },
        conclude: { guard: "windowLapsedOrResolved", target: "concluded" },
        ...withdraw,
        issueRecommendation: {},
      },
    },
    underReexamination: {
      on: {
        startHearing: {},
        endHearing: {},
        decideReexamination: { guard: "noHearingOpen", target: "final" },
        ...withdraw,
        ...officeNotices,
      },
    },
    final: { type: "final" },
    concluded: { type: "final" },
    notAccepted: { type: "final" },
    redirected: { type: "final" },
    withdrawn: { type: "final" },
    merged: { type: "final" },
  },
});
