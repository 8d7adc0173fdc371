import type { CommandType } from "@petitio/core";
import fc from "fast-check";
import { actorFor, fieldsFor, type StepDraws } from "./commands.js";
import { isClosed, type ModelCommand, type ModelStatus } from "./petition-model.js";
import { executeAndCompare, iso, type Real, type RunModel } from "./run-step.js";

/**
 * With an org hierarchy, random runs add this command: one open petition takes
 * the next step of the main procedure (route, accept, reply, ask for review,
 * decide it, ask for re-examination, decide it) by the right actor. It brings
 * petitions to the review and re-examination requests often, where the plan
 * asks one level up or of a wrong level (org-plan.ts), so every kind is met.
 */

const MAIN_STEP: Readonly<Partial<Record<ModelStatus, CommandType>>> = {
  registered: "route",
  objected: "route",
  routed: "accept",
  accepted: "reply",
  replied: "requestReview",
  underReview: "decideReview",
  reviewed: "requestReexamination",
  underReexamination: "decideReexamination",
};

const DRAWS: Omit<StepDraws, "choice"> = {
  days: 10,
  rating: "unsatisfied",
  concludeReason: "resolved",
  sameFacts: false,
  emptyLegalBasis: false,
};

class Pursue implements fc.AsyncCommand<RunModel, Real> {
  constructor(readonly d: { pick: number; choice: number }) {}
  private chosen = "";
  check = (m: Readonly<RunModel>) => m.petitions.some((p) => !isClosed(p.status));
  async run(m: RunModel, r: Real) {
    const open = m.petitions.filter((p) => !isClosed(p.status));
    // A petition naming its petitioner can be pursued to review and re-examination.
    const named = open.filter((p) => p.petitionerId !== undefined);
    const from = named.length > 0 ? named : open;
    const p = from[this.d.pick % from.length]!;
    const type = MAIN_STEP[p.status]!;
    const c: ModelCommand = {
      type,
      actor: actorFor(p, type, "right"),
      at: iso(m),
      fields: fieldsFor(type, { ...DRAWS, choice: this.d.choice }, [], m.plan, p),
    };
    this.chosen = `${type} on ${p.id} (${p.status})${"toOrg" in c.fields ? ` to ${String(c.fields.toOrg)}` : ""}`;
    await executeAndCompare(m, r, p, p.id, c);
    await r.verify([p.id]);
  }
  toString = () => `pursue(${this.chosen || JSON.stringify(this.d)})`;
}

export const pursueArb = () =>
  fc.record({ pick: fc.nat(), choice: fc.nat() }).map((d) => new Pursue(d));
