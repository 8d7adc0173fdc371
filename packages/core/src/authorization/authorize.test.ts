import { describe, expect, it } from "vitest";
import { type CommandInput, parseCommand } from "../engine/commands.js";
import { actors, commandsFor, setup } from "../engine/test-kit.testkit.js";
import type { Actor } from "../events/envelope.js";
import type { PetitionState } from "../lifecycle/state.js";
import {
  type AuthorizationDecision,
  createDefaultAuthorize,
  defaultAuthorize,
  enforceAuthorization,
} from "./authorize.js";
import { NotAuthorizedError } from "./errors.js";

/** A petition driven by the real engine through `steps`, and its state. */
const petitionAfter = async (
  steps: readonly CommandInput["type"][],
  id = "A",
  category = "claim",
) => {
  const { engine } = setup();
  const c = commandsFor(id);
  await engine.execute({ ...c.register, category } as CommandInput);
  for (const step of steps) await engine.execute(c[step] as CommandInput);
  return (await engine.load(id)) as PetitionState;
};

const decide = (
  state: PetitionState | undefined,
  type: CommandInput["type"],
  actor: Actor,
  extra: Record<string, unknown> = {},
  authorize = defaultAuthorize,
): AuthorizationDecision => {
  const command = parseCommand({ ...commandsFor("A")[type], actor, ...extra });
  return authorize(actor, command, state) as AuthorizationDecision;
};

const ruleOf = (d: AuthorizationDecision) => (d.allowed ? "allowed" : d.rule);

describe("default authorize: roles", () => {
  it("refuses the self-asserted supervisor: a petitioner claiming supervisor issues no 督办", async () => {
    const s = await petitionAfter(["route", "accept"]);
    const impostor = { id: actors.petitioner.id, role: "supervisor", org: "bureau" } as const;
    const d = decide(s, "issueSupervision", impostor);
    expect(d).toMatchObject({ allowed: false, rule: "conflict of interest" });
    expect(ruleOf(decide(s, "issueSupervision", actors.supervisor))).toBe("allowed");
  });

  it("refuses a role the command is not for", async () => {
    const s = await petitionAfter(["route"]);
    expect(ruleOf(decide(s, "accept", actors.petitioner))).toBe("role");
    expect(ruleOf(decide(undefined, "register", actors.agency))).toBe("role");
  });

  it("refuses commands on a petition that is not registered, except register", () => {
    expect(ruleOf(decide(undefined, "route", actors.intake))).toBe("unregistered");
    expect(ruleOf(decide(undefined, "register", actors.intake))).toBe("allowed");
    expect(ruleOf(decide(undefined, "register", { id: "c", role: "intake" }))).toBe("org scope");
  });
});

describe("default authorize: org scope", () => {
  it("lets only the org a petition is routed to act on it", async () => {
    const routed = await petitionAfter(["route"]);
    expect(ruleOf(decide(routed, "accept", actors.agency))).toBe("allowed");
    const other = decide(routed, "accept", actors.otherAgency);
    expect(other).toMatchObject({ allowed: false, rule: "org scope", article: "W22 Art. 23" });
    expect(!other.allowed && other.reason).toMatch(/is with org-x, not org-y/);
  });

  it("refuses any agency on a petition routed nowhere yet", async () => {
    const registered = await petitionAfter([]);
    expect(decide(registered, "redirect", actors.agency)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/not routed to any org/),
    });
  });

  it("lets only the registering office route, and a review org decide only its review", async () => {
    const registered = await petitionAfter([]);
    expect(ruleOf(decide(registered, "route", actors.intake))).toBe("allowed");
    expect(
      ruleOf(decide(registered, "route", { id: "c2", role: "intake", org: "other-bureau" })),
    ).toBe("org scope");
    const underReview = await petitionAfter(["route", "accept", "reply", "requestReview"]);
    expect(ruleOf(decide(underReview, "decideReview", actors.reviewer))).toBe("allowed");
    // org-x still holds the petition, but the review is the review org's (lifecycle rule).
    expect(ruleOf(decide(underReview, "decideReview", actors.agency))).toBe("org");
  });

  it("lets a petitioner act only on their own petition, and none on one without ids", async () => {
    const replied = await petitionAfter(["route", "accept", "reply"]);
    expect(ruleOf(decide(replied, "evaluate", actors.petitioner))).toBe("allowed");
    expect(ruleOf(decide(replied, "evaluate", actors.stranger))).toBe("own petition");
    const nameless = { ...replied, petitionerIds: [] };
    expect(ruleOf(decide(nameless, "evaluate", actors.stranger))).toBe("own petition");
    const lenient = createDefaultAuthorize({ allowUnidentifiedPetitioners: true });
    expect(ruleOf(decide(nameless, "evaluate", actors.stranger, {}, lenient))).toBe("allowed");
  });

  it("asks the app whether a supervisor's org supervises the petition", async () => {
    const s = await petitionAfter(["route", "accept"]);
    const only = createDefaultAuthorize({ supervises: (org) => org === "city-office" });
    expect(ruleOf(decide(s, "issueReminder", actors.supervisor, {}, only))).toBe("org scope");
    const city = { id: "i2", role: "supervisor", org: "city-office" } as const;
    expect(ruleOf(decide(s, "issueReminder", city, {}, only))).toBe("allowed");
  });
});

describe("default authorize: accusations (W22 Art. 30 ¶3)", () => {
  // The app's own record of whom each accusation accuses (the log has no field for it).
  const accusesOrgX = createDefaultAuthorize({ accusedOrgsOf: () => ["org-x"] });

  it("refuses routing an accusation to the org it accuses, and lets that org not act on it", async () => {
    const s = await petitionAfter([], "A", "accusation");
    const toAccused = decide(s, "route", actors.intake, { toOrg: "org-x" }, accusesOrgX);
    expect(toAccused).toMatchObject({
      allowed: false,
      rule: "accused org",
      article: "W22 Art. 30 ¶3",
    });
    expect(
      ruleOf(decide(s, "route", actors.intake, { toOrg: "discipline-commission" }, accusesOrgX)),
    ).toBe("allowed");
    const routedElsewhere = { ...s, org: "org-x", status: "routed" as const };
    expect(ruleOf(decide(routedElsewhere, "accept", actors.agency, {}, accusesOrgX))).toBe(
      "accused org",
    );
    // Without the app's accusedOrgsOf the default knows no accused org.
    expect(ruleOf(decide(s, "route", actors.intake, { toOrg: "org-x" }))).toBe("allowed");
  });

  it("refuses a review or re-examination sent to the accused org", async () => {
    const s = await petitionAfter(["route", "accept", "reply"], "A", "accusation");
    const accuses = createDefaultAuthorize({ accusedOrgsOf: () => ["org-review"] });
    expect(ruleOf(decide(s, "requestReview", actors.petitioner, {}, accuses))).toBe("accused org");
    expect(
      ruleOf(decide(s, "requestReview", actors.petitioner, { toOrg: "org-up" }, accuses)),
    ).toBe("allowed");
  });

  it("does not apply accusation rules to other categories", async () => {
    const s = await petitionAfter([], "A", "claim");
    expect(ruleOf(decide(s, "route", actors.intake, { toOrg: "org-x" }, accusesOrgX))).toBe(
      "allowed",
    );
  });
});

describe("enforceAuthorization", () => {
  it("throws a typed error naming actor, command, petition and rule; passes allowed commands", async () => {
    const s = await petitionAfter(["route"]);
    const accept = parseCommand({ ...commandsFor("A").accept, actor: actors.otherAgency });
    const error = await enforceAuthorization(defaultAuthorize, accept, s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({
      code: "NOT_AUTHORIZED",
      actorId: "officer-y",
      command: "accept",
      petitionId: "A",
      rule: "org scope",
    });
    expect((error as Error).message).toMatch(
      /officer-y may not accept petition A: .*org-y \(W22 Art. 23\)/,
    );
    const ok = parseCommand({ ...commandsFor("A").accept, actor: actors.agency });
    await expect(enforceAuthorization(defaultAuthorize, ok, s)).resolves.toBeUndefined();
    // An app's own hook, async, is honoured.
    const closed = async (): Promise<AuthorizationDecision> => ({
      allowed: false,
      rule: "maintenance",
      reason: "read-only today",
    });
    await expect(enforceAuthorization(closed, ok, s)).rejects.toMatchObject({
      rule: "maintenance",
    });
  });
});
