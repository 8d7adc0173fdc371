import type { ActorRole } from "../events/envelope.js";

/**
 * The actions of the petition procedure. They are the events of the statechart
 * (`petitionMachine`), the `type` of every engine command, and what
 * `allowedCommands(state)` lists.
 */
export const COMMAND_TYPES = [
  "register",
  "linkRepeat",
  "route",
  "objectRouting",
  "redirect",
  "accept",
  "notAccept",
  "extend",
  "recordMediation",
  "startHearing",
  "endHearing",
  "reply",
  "evaluate",
  "requestReview",
  "decideReview",
  "requestReexamination",
  "decideReexamination",
  "conclude",
  "withdraw",
  "merge",
  "issueRecommendation",
  "issueReminder",
  "issueSupervision",
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/**
 * Who may issue each command (the role part of the checks; which org within a
 * role is checked by the rules). Intake = the petition office (信访部门) that
 * registers and routes; agency = the org a petition was routed to, or the
 * upper-level org deciding a review or re-examination; supervisor = the office
 * that supervises (督办) and recommends (W22 Art. 40).
 */
export const COMMAND_ROLES: Readonly<Record<CommandType, readonly ActorRole[]>> = {
  register: ["intake"],
  linkRepeat: ["intake"],
  route: ["intake"],
  objectRouting: ["agency"],
  redirect: ["intake", "agency"],
  accept: ["agency"],
  // Intake declines before routing (W22 Art. 19 ¶3, Art. 36 ¶3); afterwards the routed org (Art. 23).
  notAccept: ["intake", "agency"],
  extend: ["agency"],
  recordMediation: ["agency"],
  startHearing: ["agency"],
  endHearing: ["agency"],
  reply: ["agency"],
  evaluate: ["petitioner"],
  requestReview: ["petitioner"],
  decideReview: ["agency"],
  requestReexamination: ["petitioner"],
  decideReexamination: ["agency"],
  conclude: ["system", "intake"],
  withdraw: ["petitioner"],
  merge: ["intake"],
  issueRecommendation: ["supervisor"],
  issueReminder: ["system", "supervisor"],
  issueSupervision: ["system", "supervisor"],
};
