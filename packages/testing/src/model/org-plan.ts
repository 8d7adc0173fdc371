import type { OrgHierarchy } from "@petitio/core";
import { ORGS, REEXAMINATION_ORG, REVIEW_ORG } from "./commands.js";
import { contestedOrg, type LevelRequest, superiorsOf } from "./org-levels.js";
import type { ModelPetition } from "./petition-model.js";

/**
 * Which orgs a run sends petitions to. Without a hierarchy: two handling orgs,
 * one review org and one re-examination org, any of which the engine takes at
 * its word. With one (`orgs`): petitions go to the orgs of the hierarchy with
 * the most levels above them (three count), and a review or re-examination is
 * asked, by the step's draw, one level up (half the time), two levels up, of
 * an org at the same level, of the contested org itself, or of an org outside
 * the hierarchy, so a run meets what W22 Art. 35–36 allow and what they refuse.
 */

export interface OrgPlan {
  /** The hierarchy the engine is given, if any. */
  hierarchy?: OrgHierarchy;
  /** Orgs a petition is routed to. */
  routeTo: readonly string[];
  /** Orgs an accusation may accuse: among those the run sends petitions to (W22 Art. 30 ¶3). */
  accusable: readonly string[];
  /** The org a review or re-examination of `p` is asked of, by the step's draw. */
  askOf(type: LevelRequest, p: ModelPetition | undefined, choice: number): string;
}

export const FLAT_PLAN: OrgPlan = {
  routeTo: ORGS,
  accusable: [ORGS[1], REVIEW_ORG, REEXAMINATION_ORG],
  askOf: (type) => (type === "requestReview" ? REVIEW_ORG : REEXAMINATION_ORG),
};

type AskedKind = "oneUp" | "twoUp" | "sameLevel" | "self" | "outside";
/** Half lawful one level up, the rest spread over the other kinds. */
const ASKED_BY_DRAW: readonly AskedKind[] = [
  "oneUp",
  "oneUp",
  "oneUp",
  "oneUp",
  "twoUp",
  "sameLevel",
  "self",
  "outside",
];

const named = (orgs: OrgHierarchy): Set<string> =>
  new Set([...Object.keys(orgs), ...Object.values(orgs)]);

export const orgPlan = (orgs: OrgHierarchy | undefined): OrgPlan => {
  if (orgs === undefined) return FLAT_PLAN;
  const depth = (org: string) => superiorsOf(orgs, org).length;
  const children = Object.keys(orgs).sort((a, b) => depth(b) - depth(a));
  // Handling orgs with three levels above, where the hierarchy has them: a review and a
  // re-examination can then each be asked one and two levels up.
  const deepest = children[0];
  const levels = deepest === undefined ? 3 : Math.min(3, depth(deepest));
  const deep = children.filter((org) => depth(org) >= levels);
  const routeTo = deep.length > 0 ? deep : [...ORGS];
  let outside = "org-outside-hierarchy";
  while (named(orgs).has(outside)) outside += "-x";
  const first = routeTo[0]!;
  const accusable = [...new Set([routeTo[1] ?? first, ...superiorsOf(orgs, first).slice(0, 2)])];
  const askOf = (type: LevelRequest, p: ModelPetition | undefined, choice: number): string => {
    const contested = (p && contestedOrg(p, type)) ?? first;
    const above = superiorsOf(orgs, contested);
    const siblings = children.filter((o) => o !== contested && orgs[o] === orgs[contested]);
    const kind = ASKED_BY_DRAW[choice % ASKED_BY_DRAW.length]!;
    const asked: Record<AskedKind, string | undefined> = {
      oneUp: above[0],
      twoUp: above[1],
      sameLevel: siblings[Math.floor(choice / ASKED_BY_DRAW.length) % (siblings.length || 1)],
      self: contested,
      outside,
    };
    // A kind the hierarchy has no org for (no sibling, nothing two levels up) asks outside it.
    return asked[kind] ?? outside;
  };
  return { hierarchy: orgs, routeTo, accusable, askOf };
};
