import type { Command } from "../engine/commands.js";
import type { Actor } from "../events/envelope.js";
import { actorViolation } from "../lifecycle/actors.js";
import { COMMAND_ROLES } from "../lifecycle/command-types.js";
import type { PetitionState } from "../lifecycle/state.js";
import { NotAuthorizedError } from "./errors.js";

/**
 * Who may act on which petition (docs/security.md "Who may act"). Petitio does
 * not authenticate anyone: the embedding app must establish who the actor is
 * (log-in, certificates, the desk's session) and pass only an actor it has
 * authenticated. `authorize` is then the app's seam for what that actor may
 * do; the default below enforces the role and org scope the law gives, and
 * the secrecy of accusations (W22 Art. 30 ¶3).
 */

export type AuthorizationDecision =
  | { allowed: true }
  | { allowed: false; rule: string; reason: string; article?: string };

/**
 * Decide whether `actor` may issue `command` on `petition` (its state before
 * the command; undefined when it is not registered yet). May be async (a
 * directory lookup). The engine calls it after parsing and before deciding.
 */
export type Authorize = (
  actor: Actor,
  command: Command,
  petition: PetitionState | undefined,
) => AuthorizationDecision | Promise<AuthorizationDecision>;

export interface DefaultAuthorizeOptions {
  /**
   * The orgs an accusation (检举控告) accuses. The log has no field for them
   * (PetitionRegistered names who petitions, not whom they accuse), so only the
   * app knows them: without this function no org counts as accused and the
   * accusation-secrecy rule cannot refuse anything.
   */
  accusedOrgsOf?: (petition: PetitionState) => readonly string[];
  /**
   * Whether a supervisor's org may supervise this petition (default: any org).
   * Supervising (督办) is the petition offices' duty (W22 Art. 40 ¶1); which
   * office supervises which petition follows their hierarchy, which only the
   * app knows.
   */
  supervises?: (supervisorOrg: string, petition: PetitionState) => boolean;
  /**
   * Petitions without petitioner ids (anonymous, or registered without ids)
   * cannot be proven to be anyone's: by default no petitioner may act on
   * them. Set true to let any petitioner act, as the lifecycle rules alone do.
   */
  allowUnidentifiedPetitioners?: boolean;
}

const allow: AuthorizationDecision = { allowed: true };
const deny = (rule: string, reason: string, article?: string): AuthorizationDecision =>
  article === undefined
    ? { allowed: false, rule, reason }
    : { allowed: false, rule, reason, article };

/** The orgs a command sends the petition to: they will see its material. */
const recipientOrgOf = (command: Command): string | undefined =>
  command.type === "route" ||
  command.type === "requestReview" ||
  command.type === "requestReexamination"
    ? command.toOrg
    : undefined;

/** Orgs that hold the petition now: only they act on it as an agency. */
const orgsHolding = (p: PetitionState): string[] =>
  [p.org, p.reviewOrg, p.reexaminationOrg].filter((o): o is string => o !== undefined);

const noAccusedOrgs = (): readonly string[] => [];

/** The default `authorize`: role, org scope, own petition, no conflict of interest, accusation secrecy. */
export const createDefaultAuthorize =
  (options: DefaultAuthorizeOptions = {}): Authorize =>
  (actor, command, petition) => {
    const { type } = command;
    const roles = COMMAND_ROLES[type];
    if (!roles.includes(actor.role)) {
      return deny("role", `${type} is for ${roles.join(" or ")}, not ${actor.role}`);
    }
    if (!petition) {
      if (type !== "register")
        return deny("unregistered", `petition ${command.petitionId} is not registered`);
      return actor.org
        ? allow
        : deny("org scope", "an intake office registers petitions under its org");
    }
    const accused =
      petition.category === "accusation" ? (options.accusedOrgsOf ?? noAccusedOrgs)(petition) : [];
    // W22 Art. 30 ¶3: accusation material is never passed to the accused.
    const recipient = recipientOrgOf(command);
    if (recipient !== undefined && accused.includes(recipient)) {
      return deny(
        "accused org",
        `${recipient} is accused by this petition; an accusation is never sent to the org it accuses`,
        "W22 Art. 30 ¶3",
      );
    }
    if (actor.org !== undefined && accused.includes(actor.org)) {
      return deny(
        "accused org",
        `${actor.org} is accused by this petition and may not act on it`,
        "W22 Art. 30 ¶3",
      );
    }
    // One person cannot be both the petitioner and an official of their own petition.
    if (
      actor.role !== "petitioner" &&
      actor.role !== "system" &&
      petition.petitionerIds.includes(actor.id)
    ) {
      return deny(
        "conflict of interest",
        `${actor.id} is a petitioner of ${petition.petitionId} and may not act on it as ${actor.role}`,
      );
    }
    switch (actor.role) {
      case "petitioner":
        if (petition.petitionerIds.length === 0) {
          return options.allowUnidentifiedPetitioners
            ? allow
            : deny(
                "own petition",
                `${petition.petitionId} names no petitioner ids, so no petitioner can be shown to be its own`,
              );
        }
        return petition.petitionerIds.includes(actor.id)
          ? allow
          : deny("own petition", `only a petitioner of ${petition.petitionId} may do this`);
      case "intake":
        if (actor.org !== petition.registeredBy) {
          return deny(
            "org scope",
            `only ${petition.registeredBy}, the office that registered the petition, may do this; the actor is ${actor.org ?? "without an org"}`,
            "W22 Art. 22",
          );
        }
        break;
      case "agency": {
        const holding = orgsHolding(petition);
        if (actor.org === undefined || !holding.includes(actor.org)) {
          return deny(
            "org scope",
            holding.length === 0
              ? `${petition.petitionId} is not routed to any org yet`
              : `${petition.petitionId} is with ${holding.join(", ")}, not ${actor.org ?? "an actor without an org"}`,
            "W22 Art. 23",
          );
        }
        break;
      }
      case "supervisor":
        if (actor.org === undefined)
          return deny("org scope", "a supervisor acts for a petition office (org)");
        if (options.supervises && !options.supervises(actor.org, petition)) {
          return deny(
            "org scope",
            `${actor.org} does not supervise ${petition.petitionId}`,
            "W22 Art. 40",
          );
        }
        break;
      case "system":
        break;
    }
    // Which of the holding orgs acts in this stage: the lifecycle's own rules, written once.
    const problem = actorViolation(petition, { type, actor });
    return problem ? deny(problem.rule, problem.message, problem.article) : allow;
  };

export const defaultAuthorize: Authorize = createDefaultAuthorize();

/**
 * Ask `authorize` and throw `NotAuthorizedError` on a refusal: the one call the
 * engine makes after loading the petition and before deciding, so nothing is
 * appended for a refused command.
 */
export const enforceAuthorization = async (
  authorize: Authorize,
  command: Command,
  petition: PetitionState | undefined,
): Promise<void> => {
  const decision = await authorize(command.actor, command, petition);
  if (decision.allowed) return;
  throw new NotAuthorizedError(
    command.actor.id,
    command.type,
    command.petitionId,
    decision.rule,
    decision.reason,
    decision.article,
  );
};
