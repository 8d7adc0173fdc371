import type { CommandType, OrgHierarchy } from "@petitio/core";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

/**
 * The model's reading of W22 Art. 35–36 with a deployment's org hierarchy: a
 * review (复查) is asked of an org above the original handling org (原办理机关、
 * 单位的上一级机关、单位, Art. 35), a re-examination (复核) of an org above the
 * review org (复查机关、单位的上一级, Art. 36 ¶1). Written from the articles,
 * not by calling core's rules. Like core's documented reading (docs/lifecycle.md,
 * "Review and re-examination one level up"), any org above counts, not only the
 * immediate one: a deployment's hierarchy may list internal levels in between.
 */

/** The requests judged by level, and the org whose decision each one contests. */
const CONTESTS = {
  requestReview: { what: "review", rule: "review one level up", article: "W22 Art. 35" },
  requestReexamination: {
    what: "re-examination",
    rule: "re-examination one level up",
    article: "W22 Art. 36 ¶1",
  },
} as const;

export type LevelRequest = keyof typeof CONTESTS;

export const isLevelRequest = (type: CommandType): type is LevelRequest => type in CONTESTS;

/** The org whose decision the request contests: the handling org (Art. 35), the review org (Art. 36). */
export const contestedOrg = (p: ModelPetition, type: LevelRequest): string | undefined =>
  type === "requestReview" ? p.org : p.reviewOrg;

/** The orgs above `org`, nearest first (a hierarchy with a cycle is refused before a run starts). */
export const superiorsOf = (orgs: OrgHierarchy, org: string): string[] => {
  const chain: string[] = [];
  for (let up = orgs[org]; up !== undefined && !chain.includes(up); up = orgs[up]) chain.push(up);
  return chain;
};

/** How the org asked stands to the one whose decision is contested. */
export type LevelKind =
  /** its immediate superior: the plain reading of 上一级 */
  | "oneUp"
  /** two or more levels up */
  | "twoUp"
  /** another org under the same superior */
  | "sameLevel"
  /** the contested org itself */
  | "self"
  /** an org the hierarchy does not name */
  | "outside"
  /** any other org of the hierarchy (one below, a cousin) */
  | "other";

const namedBy = (orgs: OrgHierarchy, org: string): boolean =>
  org in orgs || Object.values(orgs).includes(org);

export const levelKindOf = (orgs: OrgHierarchy, contested: string, asked: string): LevelKind => {
  if (asked === contested) return "self";
  const above = superiorsOf(orgs, contested);
  if (above[0] === asked) return "oneUp";
  if (above.includes(asked)) return "twoUp";
  if (!namedBy(orgs, asked)) return "outside";
  return orgs[asked] !== undefined && orgs[asked] === orgs[contested] ? "sameLevel" : "other";
};

/** The level refusal the engine gives with `orgs`, as `IllegalCommandError` fields. */
export interface LevelRefusal {
  rule: string;
  article: string;
  field: "toOrg";
  why: string;
  /** Texts the engine's reason must contain. */
  mentions: string[];
}

/**
 * Whether `c` asks an org that is not above the contested one: undefined when
 * there is no hierarchy, the command is not a request for review or
 * re-examination, or the org asked is above (any level).
 */
export const levelRefusal = (
  orgs: OrgHierarchy | undefined,
  p: ModelPetition,
  c: ModelCommand,
): LevelRefusal | undefined => {
  if (orgs === undefined || !isLevelRequest(c.type)) return undefined;
  const contested = contestedOrg(p, c.type);
  const asked = c.fields.toOrg;
  if (contested === undefined || typeof asked !== "string") return undefined;
  if (superiorsOf(orgs, contested).includes(asked)) return undefined;
  const { what, rule, article } = CONTESTS[c.type];
  return {
    rule,
    article,
    field: "toOrg",
    why: `a ${what} is asked above ${contested}, not of ${asked} (${levelKindOf(orgs, contested, asked)})`,
    mentions: asked === contested ? [contested] : [asked, contested],
  };
};

/** The counter a request is counted under: "review oneUp", "re-examination outside", … */
export const levelCounter = (
  orgs: OrgHierarchy,
  p: ModelPetition,
  c: ModelCommand,
): string | undefined => {
  if (!isLevelRequest(c.type)) return undefined;
  const contested = contestedOrg(p, c.type);
  const asked = c.fields.toOrg;
  if (contested === undefined || typeof asked !== "string") return undefined;
  return `${CONTESTS[c.type].what} ${levelKindOf(orgs, contested, asked)}`;
};
