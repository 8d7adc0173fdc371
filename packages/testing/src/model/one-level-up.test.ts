import {
  type Authorize,
  createDefaultAuthorize,
  MemoryEventStore,
  type OrgHierarchy,
  orgHierarchy,
  ValidationError,
} from "@petitio/core";
import { describe, expect, it } from "vitest";
import { walkChart } from "./chart-walk.js";
import { checkLifecycle } from "./lifecycle-check.js";
import type { AuthorizeUnderTest } from "./run-step.js";

const memoryStore = (clock: { now(): string }) => new MemoryEventStore({ clock });

/** Four levels: districts under two cities, the cities under a province, the province under a state bureau. */
const HIERARCHY = orgHierarchy({
  "district-east": "city-north",
  "district-west": "city-north",
  "district-south": "city-south",
  "city-north": "province",
  "city-south": "province",
  province: "state-bureau",
});

describe("with an org hierarchy, the model predicts the one-level-up rule (W22 Art. 35–36)", () => {
  it("random runs meet lawful and wrong-level reviews and re-examinations; the engine agrees at every step", async () => {
    const result = await checkLifecycle({ store: memoryStore, orgs: HIERARCHY, numRuns: 30 });
    const { levels } = result.steps;
    const recorded = (key: string) => levels[key]?.recorded ?? 0;
    const refused = (key: string) => levels[key]?.refused ?? 0;
    for (const what of ["review", "re-examination"]) {
      // Asked of an org above (one level, or more: core's reading): recorded, never refused by level.
      expect(recorded(`${what} oneUp`), `${what} oneUp`).toBeGreaterThan(0);
      expect(recorded(`${what} twoUp`), `${what} twoUp`).toBeGreaterThan(0);
      // Of the same level, itself, an org outside the hierarchy: refused by the level rule, never recorded.
      for (const wrong of ["sameLevel", "self", "outside"]) {
        expect(refused(`${what} ${wrong}`), `${what} ${wrong}`).toBeGreaterThan(0);
        expect(recorded(`${what} ${wrong}`), `${what} ${wrong}`).toBe(0);
      }
      expect(refused(`${what} oneUp`) + refused(`${what} twoUp`)).toBe(0);
    }
    expect(result.steps.recorded).toBeGreaterThan(300);
  }, 60_000);

  it("a hierarchy with a cycle is a ValidationError before any run", async () => {
    const cyclic = { "city-north": "province", province: "city-north" };
    await expect(checkLifecycle({ store: memoryStore, orgs: cyclic })).rejects.toThrow(
      ValidationError,
    );
    await expect(walkChart({ store: memoryStore, orgs: cyclic })).rejects.toThrow(ValidationError);
  });

  it("the chart walk with the hierarchy takes every transition, each review one level up", async () => {
    const coverage = await walkChart({ store: memoryStore, orgs: HIERARCHY });
    expect(coverage.report().missed).toEqual([]);
  }, 30_000);
});

/**
 * An app's hook that judges the level itself, badly: core's default rules, and then a
 * review or re-examination of an org above the contested one (which the engine would
 * record) refused unless `lawful(hierarchy, contested, asked)`.
 */
const judgingLevels =
  (lawful: (orgs: OrgHierarchy, contested: string, asked: string) => boolean): AuthorizeUnderTest =>
  (accusedOrgsOf): Authorize => {
    const rules = createDefaultAuthorize({ accusedOrgsOf });
    return async (actor, command, petition) => {
      const decision = await rules(actor, command, petition);
      if (!decision.allowed || !petition) return decision;
      const contested =
        command.type === "requestReview"
          ? petition.org
          : command.type === "requestReexamination"
            ? petition.reviewOrg
            : undefined;
      if (contested === undefined || !("toOrg" in command)) return decision;
      const above = (org: string | undefined): boolean =>
        org !== undefined && (org === command.toOrg || above(HIERARCHY[org]));
      return !above(HIERARCHY[contested]) || lawful(HIERARCHY, contested, command.toOrg)
        ? decision
        : { allowed: false, rule: "level", reason: `${command.toOrg} is the wrong level` };
    };
  };

/** The first failing run is reported as found (no shrinking): the test stays fast. */
const checkWith = (authorize: AuthorizeUnderTest) =>
  checkLifecycle({ store: memoryStore, orgs: HIERARCHY, numRuns: 30, shrink: false, authorize });

describe("the check catches a hook that handles the hierarchy wrongly", () => {
  it("fails when only the immediate superior may be asked (core reads Art. 35–36 as any org above)", async () => {
    const run = checkWith(judgingLevels((orgs, contested, asked) => orgs[contested] === asked));
    await expect(run).rejects.toThrow(
      /request(Review|Reexamination) by petitioner .*: the model expected it recorded, the engine refused: .* is the wrong level/,
    );
  }, 30_000);

  it("fails when the hierarchy is read upside down (the org asked must be below)", async () => {
    const run = checkWith(judgingLevels((orgs, contested, asked) => orgs[asked] === contested));
    await expect(run).rejects.toThrow(
      /request(Review|Reexamination) by petitioner .*: the model expected it recorded, the engine refused: .* is the wrong level/,
    );
  }, 30_000);
});
