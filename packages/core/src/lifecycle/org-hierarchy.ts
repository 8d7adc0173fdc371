import { type FieldIssue, ValidationError } from "../errors.js";

/**
 * A deployment's org hierarchy: each org mapped to the org one level above it
 * (its 上一级机关、单位). A review goes to an org above the one that replied,
 * a re-examination to an org above the one that reviewed (W22 Art. 35–36).
 * Orgs not listed have no known superior.
 */
export type OrgHierarchy = { readonly [org: string]: string };

/** The orgs above `org`, nearest first (a cycle is refused by `orgHierarchy`, so this ends). */
export const orgsAbove = (orgs: OrgHierarchy, org: string): string[] => {
  const above: string[] = [];
  for (let next = orgs[org]; next !== undefined && !above.includes(next); next = orgs[next]) {
    above.push(next);
  }
  return above;
};

/** Whether `upper` is above `lower` at any level (a deployment may have levels in between). */
export const isAbove = (orgs: OrgHierarchy, upper: string, lower: string): boolean =>
  orgsAbove(orgs, lower).includes(upper);

/**
 * Validate a hierarchy given as `{ child: parent }`: names are non-empty, no
 * org is its own parent and no chain of parents comes back to where it began.
 * A bad one throws `ValidationError` naming each bad entry.
 */
export const orgHierarchy = (input: Readonly<Record<string, unknown>>): OrgHierarchy => {
  const issues: FieldIssue[] = [];
  const orgs: Record<string, string> = {};
  for (const [child, parent] of Object.entries(input)) {
    if (child.trim() === "") issues.push({ path: child, message: "an org needs a name" });
    else if (typeof parent !== "string" || parent.trim() === "")
      issues.push({ path: child, message: "must name the org one level above" });
    else orgs[child] = parent;
  }
  for (const child of Object.keys(orgs)) {
    let next: string | undefined = orgs[child];
    const seen = new Set<string>([child]);
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      next = orgs[next];
    }
    if (next !== undefined) {
      issues.push({ path: child, message: `its chain of superiors comes back to ${next}` });
    }
  }
  if (issues.length > 0) throw new ValidationError("org hierarchy", issues);
  return Object.freeze(orgs);
};
