import type { Actor, CommandType } from "@petitio/core";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

/**
 * Who may issue a command, as the model reads the law: the role each command
 * is for, and which org (or which petitioner) acts in the petition's stage.
 * Both the lifecycle-only model and the authorization model use these tables;
 * they are written from the articles, not from the engine's code.
 */

/** Who may issue what (the roles of W22 and docs/README.md). */
export const MODEL_ROLES: Readonly<Record<CommandType, readonly Actor["role"][]>> = {
  register: ["intake"],
  linkRepeat: ["intake"],
  route: ["intake"],
  merge: ["intake"],
  objectRouting: ["agency"],
  confirmObjection: ["intake", "agency"],
  rejectObjection: ["intake"],
  accept: ["agency"],
  extend: ["agency"],
  recordMediation: ["agency"],
  // The hotline office answers a consultation at once (BJ Art. 11 ¶1); otherwise the handling org.
  reply: ["agency", "intake"],
  contactCaller: ["agency"],
  reportBack: ["agency"],
  startHearing: ["agency"],
  endHearing: ["agency"],
  decideReview: ["agency"],
  decideReexamination: ["agency"],
  redirect: ["intake", "agency"],
  notAccept: ["intake", "agency"],
  evaluate: ["petitioner"],
  requestReview: ["petitioner"],
  requestReexamination: ["petitioner"],
  withdraw: ["petitioner"],
  conclude: ["system", "intake"],
  issueRecommendation: ["supervisor"],
  issueReminder: ["system", "supervisor"],
  issueSupervision: ["system", "supervisor"],
  callBack: ["intake"],
  returnForRehandling: ["intake"],
};

/** An org the command belongs to in this stage, and the article that gives it the duty. */
export interface OrgDuty {
  org: string | undefined;
  article: string;
}

const duty = (org: string | undefined, article: string): OrgDuty => ({ org, article });

/**
 * The org that must issue `c` on `p`, when the procedure names one: the org a
 * petition was routed to receives, accepts or objects (W22 Art. 23); before
 * routing, the registering office declines (Art. 22–23); the handling org
 * extends (Art. 34), mediates (Art. 33), replies (Art. 32), reports back (Art.
 * 22 ¶1(3)), contacts the caller (BJ Art. 15); the review org one level up
 * decides the review (Art. 35), the re-examination org the re-examination and
 * its hearings (Art. 36, ¶2); other hearings are the handling org's (Art. 31(6)).
 * Intake acting where an agency's org is named (confirming an objection,
 * redirecting) is judged by its own office instead.
 */
export const orgDutyOf = (p: ModelPetition, c: ModelCommand): OrgDuty | undefined => {
  const agency = c.actor.role === "agency";
  switch (c.type) {
    case "accept":
    case "objectRouting":
      return duty(p.org, "W22 Art. 23");
    case "confirmObjection":
    case "redirect":
      return agency ? duty(p.org, "W22 Art. 23") : undefined;
    case "notAccept":
      return p.org !== undefined
        ? duty(p.org, "W22 Art. 23")
        : duty(p.registeredBy, "W22 Art. 22–23");
    case "extend":
      return duty(p.org, "W22 Art. 34");
    case "recordMediation":
      return duty(p.org, "W22 Art. 33");
    case "reply":
      return duty(p.org, "W22 Art. 32");
    case "contactCaller":
      return duty(p.org, "BJ 接诉即办条例 Art. 15");
    case "reportBack":
      return duty(p.org, "W22 Art. 22 ¶1(3)");
    case "startHearing":
    case "endHearing":
      return p.status === "underReexamination"
        ? duty(p.reexaminationOrg, "W22 Art. 36 ¶2")
        : duty(p.org, "W22 Art. 31(6)");
    case "decideReview":
      return duty(p.reviewOrg, "W22 Art. 35");
    case "decideReexamination":
      return duty(p.reexaminationOrg, "W22 Art. 36");
    default:
      return undefined;
  }
};

/** Commands only the petitioner issues: evaluating, asking for review or re-examination, withdrawing. */
export const PETITIONER_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  "evaluate",
  "requestReview",
  "requestReexamination",
  "withdraw",
]);

/** The org an actor must belong to and is not, by the org duty above. */
export const orgDutyBreach = (p: ModelPetition, c: ModelCommand): OrgDuty | undefined => {
  const owed = orgDutyOf(p, c);
  return owed?.org !== undefined && c.actor.org !== owed.org ? owed : undefined;
};
