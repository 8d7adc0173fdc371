import { MODEL_ROLES, orgDutyBreach } from "./actor-rules.js";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

/**
 * The model's prediction of the engine's default authorization: who may act
 * on which petition at all, before the lifecycle's rules are asked. Written
 * from the articles (and the security guide's list), not by calling core's
 * `authorize`; the model-based check holds the two equal on random runs.
 *
 * A refusal names the rule as core's `NotAuthorizedError.rule` does, the
 * article when the rule comes from one, and what the reason must mention.
 */

/** Whether the model run uses the engine's default authorization or the lifecycle's rules alone. */
export type AuthorizationMode = "default" | "off";

/** What a supervision scope sees of a petition: the same fields on the engine's side and the model's. */
export interface SupervisedPetition {
  petitionId: string;
  /** The petition office that registered it. */
  registeredBy: string;
  /** The org it is routed to, if any. */
  org?: string;
}

/**
 * The deployment's choices of core's default rules (`createDefaultAuthorize`) beyond
 * the accused orgs: which petition offices supervise which petitions (W22 Art. 40;
 * default any), and whether a petition naming no petitioner ids may be acted on by
 * any petitioner (default no).
 */
export interface AuthorizationChoices {
  supervises?: (supervisorOrg: string, petition: SupervisedPetition) => boolean;
  allowUnidentifiedPetitioners?: boolean;
}

export interface AuthorizationRefusal {
  rule:
    | "role"
    | "unregistered"
    | "org scope"
    | "accused org"
    | "conflict of interest"
    | "own petition"
    | "org";
  article?: string;
  /** Why, in the model's words. */
  why: string;
  /** Texts the engine's reason must contain (the org, person or role at issue). */
  mentions: string[];
}

const refuse = (
  rule: AuthorizationRefusal["rule"],
  why: string,
  mentions: string[],
  article?: string,
): AuthorizationRefusal =>
  article === undefined ? { rule, why, mentions } : { rule, why, mentions, article };

export const supervisedView = (p: ModelPetition): SupervisedPetition =>
  p.org === undefined
    ? { petitionId: p.id, registeredBy: p.registeredBy }
    : { petitionId: p.id, registeredBy: p.registeredBy, org: p.org };

/** Orgs that hold the petition now: routed to, asked to review, asked to re-examine. */
const holdingOrgs = (p: ModelPetition): string[] =>
  [p.org, p.reviewOrg, p.reexaminationOrg].filter((o): o is string => o !== undefined);

/** The org a command sends the petition (and its material) to. */
const recipientOf = (c: ModelCommand): string | undefined =>
  c.type === "route" || c.type === "requestReview" || c.type === "requestReexamination"
    ? (c.fields.toOrg as string | undefined)
    : undefined;

/**
 * The refusal the default authorization gives `c` on `p` (undefined: not registered),
 * or undefined when it lets the command through to the lifecycle's rules. The
 * rules are asked in this order, the first that refuses names the refusal.
 */
export const authorizationRefusal = (
  p: ModelPetition | undefined,
  c: ModelCommand,
  choices: AuthorizationChoices = {},
): AuthorizationRefusal | undefined => {
  const { actor } = c;
  // 1. The role each command is for (W22 Art. 22–23: offices register and route; the
  //    org handling replies; the petitioner asks for review, Art. 35–36; supervisors supervise, Art. 40).
  const roles = MODEL_ROLES[c.type];
  if (!roles.includes(actor.role))
    return refuse("role", `${c.type} is for ${roles.join(" or ")}`, [actor.role]);
  // 2. Nothing but registration on a petition that is not registered; a registration is an
  //    office's (登记 by the petition office or the org that received it, W22 Art. 22–23).
  if (!p) {
    if (c.type !== "register") return refuse("unregistered", "not registered", []);
    return actor.org === undefined
      ? refuse("org scope", "an office registers under its org", [])
      : undefined;
  }
  // 3. W22 Art. 30 ¶3: an accusation's material is never passed to the org it accuses,
  //    and that org does not act on it.
  const recipient = recipientOf(c);
  if (recipient !== undefined && p.accusedOrgs.includes(recipient))
    return refuse("accused org", `sent to the accused ${recipient}`, [recipient], "W22 Art. 30 ¶3");
  if (actor.org !== undefined && p.accusedOrgs.includes(actor.org))
    return refuse("accused org", `${actor.org} is accused`, [actor.org], "W22 Art. 30 ¶3");
  // 4. W22 Art. 28 ¶3 (回避): an official who is a petitioner of the matter may not act on it.
  //    (Core gives the rule without an article.)
  if (actor.role !== "petitioner" && actor.role !== "system" && actor.id === p.petitionerId)
    return refuse("conflict of interest", `${actor.id} is its petitioner`, [actor.id]);
  // 5. Scope by role.
  switch (actor.role) {
    case "petitioner":
      // Only the petitioner's own petition; one naming nobody is nobody's (core's default),
      // unless the deployment lets any petitioner act on it, as the lifecycle's rules alone do.
      if (p.petitionerId === undefined)
        return choices.allowUnidentifiedPetitioners
          ? undefined
          : refuse("own petition", "names no petitioner", [p.id]);
      return actor.id === p.petitionerId
        ? undefined
        : refuse("own petition", "another petitioner's petition", [p.id]);
    case "intake":
      // W22 Art. 22: the petition office that registered it routes and follows it.
      if (actor.org !== p.registeredBy)
        return refuse(
          "org scope",
          `registered by ${p.registeredBy}`,
          [p.registeredBy],
          "W22 Art. 22",
        );
      break;
    case "agency": {
      // W22 Art. 23: an org acts on what was routed to it (or sent to it for review, re-examination).
      const holding = holdingOrgs(p);
      if (actor.org === undefined || !holding.includes(actor.org))
        return refuse(
          "org scope",
          holding.length === 0 ? "routed nowhere yet" : `with ${holding.join(", ")}`,
          holding.length === 0 ? ["not routed"] : holding,
          "W22 Art. 23",
        );
      break;
    }
    case "supervisor":
      // W22 Art. 40: 督办 is the petition office's; which offices supervise whom is the app's.
      if (actor.org === undefined)
        return refuse("org scope", "a supervisor acts for an office", []);
      // Which offices supervise which petitions is the deployment's (督办, W22 Art. 40 ¶1).
      if (choices.supervises && !choices.supervises(actor.org, supervisedView(p)))
        return refuse(
          "org scope",
          `${actor.org} does not supervise it`,
          [actor.org, p.id],
          "W22 Art. 40",
        );
      break;
    case "system":
      break;
  }
  // 6. Which holding org acts in this stage (actor-rules.ts, the lifecycle's own duty table).
  const breach = orgDutyBreach(p, c);
  return breach
    ? refuse("org", `only ${breach.org} may ${c.type}`, [breach.org!], breach.article)
    : undefined;
};
