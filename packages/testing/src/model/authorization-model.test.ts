import { type Actor, type CommandType, MemoryEventStore, nationalPolicy } from "@petitio/core";
import { describe, expect, it } from "vitest";
import { logInvariants } from "../invariants/log-invariants.js";
import { actorFor, actors, fieldsFor, ORGS, REVIEW_ORG, type StepDraws } from "./commands.js";
import { FLAT_PLAN } from "./org-plan.js";
import { expectOf, type ModelCommand } from "./petition-model.js";
import { emptyStepCounts, executeAndCompare, iso, startRun } from "./run-step.js";

/**
 * One case per rule of the default authorization, written by hand from the
 * articles: the model must predict the refusal given here, and the real engine
 * (core's default rules) must refuse with the same rule and article.
 */

const draws: StepDraws = {
  days: 10,
  rating: "unsatisfied",
  concludeReason: "resolved",
  sameFacts: false,
  choice: 0,
  emptyLegalBasis: false,
};

interface Step {
  type: CommandType;
  actor?: Actor;
  fields?: Record<string, unknown>;
  accusedOrgs?: string[];
}

const registration = (fields: Record<string, unknown> = {}): Step => ({
  type: "register",
  fields: {
    channel: "letter",
    category: "claim",
    petitioners: [{ id: "p-A", name: "赵磊" }],
    title: "小区电梯长期停运",
    content: "电梯停运两个月，老人上下楼困难，请督促物业维修。",
    ...fields,
  },
});

/** Petition A through `steps` (right actors unless given), then `last`: the model's expectation, checked on the engine. */
const refusalOf = async (steps: readonly Step[], last: Step, petitionId = "A") => {
  const { model, real } = await startRun({
    store: (clock) => new MemoryEventStore({ clock }),
    policy: nationalPolicy,
    start: Date.parse("2025-03-03T09:00:00+08:00"),
    until: Number.POSITIVE_INFINITY,
    stats: emptyStepCounts(),
    invariants: logInvariants,
  });
  const commandOf = (step: Step): ModelCommand => {
    const p = model.petitions.find((q) => q.id === petitionId);
    model.now += 3_600_000;
    real.clock.set(iso(model));
    return {
      type: step.type,
      actor: step.actor ?? (p ? actorFor(p, step.type, "right") : actors.intake),
      at: iso(model),
      fields: { ...fieldsFor(step.type, draws, [], FLAT_PLAN, p), ...step.fields },
      ...(step.accusedOrgs ? { accusedOrgs: step.accusedOrgs } : {}),
    };
  };
  try {
    for (const step of steps) {
      const c = commandOf(step);
      const p = model.petitions.find((q) => q.id === petitionId);
      expect(expectOf(model, p, c, []).outcome, `${step.type} on the way`).toBe("recorded");
      await executeAndCompare(model, real, p, petitionId, c);
    }
    const c = commandOf(last);
    const p = model.petitions.find((q) => q.id === petitionId);
    const expected = expectOf(model, p, c, []);
    // The engine refuses as the model says (executeAndCompare throws otherwise), appending nothing.
    await executeAndCompare(model, real, p, petitionId, c);
    expect(model.stats.notAuthorized).toBe(1);
    return expected.outcome === "notAuthorized"
      ? { rule: expected.rule, article: expected.article }
      : expected;
  } finally {
    await real.store.close();
  }
};

const toReply: Step[] = [
  registration(),
  { type: "route", fields: { toOrg: ORGS[0] } },
  { type: "accept" },
  { type: "reply" },
];

describe("the authorization model, one rule at a time", () => {
  it("role: a petitioner does not accept a petition", async () => {
    const steps = [registration(), { type: "route" as const }];
    expect(await refusalOf(steps, { type: "accept", actor: actors.petitioner("p-A") })).toEqual({
      rule: "role",
      article: undefined,
    });
  });

  it("unregistered: nothing but a registration on a petition nobody registered", async () => {
    expect(await refusalOf([], { type: "route", actor: actors.intake })).toEqual({
      rule: "unregistered",
      article: undefined,
    });
  });

  it("org scope: a registration is an office's (W22 Art. 22–23), so a clerk without one is refused", async () => {
    const clerk = { id: "clerk-1", role: "intake" } as const;
    expect(await refusalOf([], { ...registration(), actor: clerk })).toEqual({
      rule: "org scope",
      article: undefined,
    });
  });

  it("accused org: an accusation is not routed to the org it accuses, nor acted on by it (W22 Art. 30 ¶3)", async () => {
    // The app's record of whom it accuses, beside the registration.
    const accusation = { ...registration({ category: "accusation" }), accusedOrgs: [ORGS[1]] };
    expect(
      await refusalOf([accusation], { type: "route", fields: { toOrg: ORGS[1] } }, "A"),
    ).toEqual({ rule: "accused org", article: "W22 Art. 30 ¶3" });
    const routed = [accusation, { type: "route" as const, fields: { toOrg: ORGS[0] } }];
    expect(await refusalOf(routed, { type: "accept", actor: actors.agency(ORGS[1]) })).toEqual({
      rule: "accused org",
      article: "W22 Art. 30 ¶3",
    });
  });

  it("conflict of interest: the petitioner posing as a supervisor issues no 督办 on their own petition (W22 Art. 28 ¶3)", async () => {
    const self = { id: "p-A", role: "supervisor", org: "bureau" } as const;
    const steps = [registration(), { type: "route" as const }];
    expect(await refusalOf(steps, { type: "issueSupervision", actor: self })).toEqual({
      rule: "conflict of interest",
      article: undefined,
    });
  });

  it("own petition: only the petitioner evaluates; an anonymous petition is nobody's", async () => {
    expect(
      await refusalOf(toReply, { type: "evaluate", actor: actors.petitioner("p-stranger") }),
    ).toEqual({ rule: "own petition", article: undefined });
    const anonymous = [registration({ anonymous: true, petitioners: [] }), ...toReply.slice(1)];
    expect(
      await refusalOf(anonymous, { type: "evaluate", actor: actors.petitioner("p-A") }),
    ).toEqual({ rule: "own petition", article: undefined });
  });

  it("org scope: only the registering office routes (W22 Art. 22); only the org it was sent to accepts (Art. 23)", async () => {
    expect(await refusalOf([registration()], { type: "route", actor: actors.otherOffice })).toEqual(
      { rule: "org scope", article: "W22 Art. 22" },
    );
    const routed = [registration(), { type: "route" as const, fields: { toOrg: ORGS[0] } }];
    expect(
      await refusalOf(routed, { type: "accept", actor: actors.agency("org-elsewhere") }),
    ).toEqual({ rule: "org scope", article: "W22 Art. 23" });
  });

  it("org: the review is the org's one level up (W22 Art. 35), not the handling org's, though it still holds the petition", async () => {
    const underReview = [...toReply, { type: "requestReview" as const }];
    expect(
      await refusalOf(underReview, { type: "decideReview", actor: actors.agency(ORGS[0]) }),
    ).toEqual({ rule: "org", article: "W22 Art. 35" });
    const reviewer = actors.agency(REVIEW_ORG);
    const underReexamination = [
      ...underReview,
      { type: "decideReview" as const },
      { type: "requestReexamination" as const },
    ];
    expect(
      await refusalOf(underReexamination, { type: "decideReexamination", actor: reviewer }),
    ).toEqual({ rule: "org", article: "W22 Art. 36" });
  });

  it("org: the petition office does not reply in the handling org's place (W22 Art. 32)", async () => {
    const accepted = toReply.slice(0, 3);
    expect(await refusalOf(accepted, { type: "reply", actor: actors.intake })).toEqual({
      rule: "org",
      article: "W22 Art. 32",
    });
  });
});
