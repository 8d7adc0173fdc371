import { createDefaultAuthorize, type EventEnvelope, MemoryEventStore } from "@petitio/core";
import { describe, expect, it } from "vitest";
import type { LogInvariant } from "../invariants/log-invariants.js";
import { authorizationRefusal, type SupervisedPetition } from "./authorization-model.js";
import { actors } from "./commands.js";
import { checkLifecycle } from "./lifecycle-check.js";
import type { ModelCommand, ModelPetition } from "./petition-model.js";

const memoryStore = (clock: { now(): string }) => new MemoryEventStore({ clock });

/** An observer, not a check: collects the streams in which `seen` holds for some event. */
const observing = (seen: (stream: readonly EventEnvelope[], e: EventEnvelope) => boolean) => {
  const streams = new Set<string>();
  const observe: LogInvariant = (events) => {
    const byStream = new Map<string, EventEnvelope[]>();
    for (const e of events) {
      const stream = byStream.get(e.streamId) ?? [];
      stream.push(e);
      byStream.set(e.streamId, stream);
    }
    for (const [id, stream] of byStream) if (stream.some((e) => seen(stream, e))) streams.add(id);
    return [];
  };
  return { streams, observe };
};

/** An office supervises what it registered, except petitions routed to org-b (the app's choice). */
const answers = { yes: 0, no: 0 };
const supervises = (org: string, p: SupervisedPetition): boolean => {
  const yes = org === p.registeredBy && p.org !== "org-b";
  answers[yes ? "yes" : "no"]++;
  return yes;
};

const bySupervisor = (_: readonly EventEnvelope[], e: EventEnvelope) =>
  e.actor.role === "supervisor";

const unidentifiedByPetitioner = (stream: readonly EventEnvelope[], e: EventEnvelope) => {
  const registered = stream.find((f) => f.type === "PetitionRegistered");
  const petitioners = registered?.data.petitioners as unknown[] | undefined;
  return e.actor.role === "petitioner" && (petitioners?.length ?? 0) === 0;
};

describe("the model predicts the default rules' choices: supervises, allowUnidentifiedPetitioners", () => {
  it("supervises: supervisors act where the app says, are refused elsewhere (org scope, W22 Art. 40)", async () => {
    const { streams, observe } = observing(bySupervisor);
    const result = await checkLifecycle({
      store: memoryStore,
      numRuns: 20,
      supervises,
      invariants: { observe },
    });
    // Both answers were met, and supervisors still acted where they supervise.
    expect(answers.yes).toBeGreaterThan(0);
    expect(answers.no).toBeGreaterThan(0);
    expect(streams.size).toBeGreaterThan(0);
    expect(result.steps.notAuthorizedBy["org scope"]).toBeGreaterThan(0);
  }, 60_000);

  it("the check fails when the engine's hook ignores the app's supervises", async () => {
    const run = checkLifecycle({
      store: memoryStore,
      numRuns: 30,
      shrink: false,
      supervises,
      authorize: (accusedOrgsOf) => createDefaultAuthorize({ accusedOrgsOf }),
    });
    await expect(run).rejects.toThrow(/expected it refused \(\S+ does not supervise it\)/);
  }, 30_000);

  it("allowUnidentifiedPetitioners: petitioners act on anonymous petitions; by default never", async () => {
    const allowed = observing(unidentifiedByPetitioner);
    await checkLifecycle({
      store: memoryStore,
      numRuns: 15,
      allowUnidentifiedPetitioners: true,
      invariants: { observe: allowed.observe },
    });
    expect(allowed.streams.size).toBeGreaterThan(0);
    const plain = observing(unidentifiedByPetitioner);
    const result = await checkLifecycle({
      store: memoryStore,
      numRuns: 15,
      invariants: { observe: plain.observe },
    });
    expect(plain.streams.size).toBe(0);
    expect(result.steps.notAuthorizedBy["own petition"]).toBeGreaterThan(0);
  }, 60_000);

  it("the check fails when the engine's hook refuses unidentified petitioners the app allows", async () => {
    const run = checkLifecycle({
      store: memoryStore,
      numRuns: 20,
      shrink: false,
      allowUnidentifiedPetitioners: true,
      authorize: (_, defaults) =>
        createDefaultAuthorize({ ...defaults, allowUnidentifiedPetitioners: false }),
    });
    await expect(run).rejects.toThrow(
      /by petitioner .*: the model expected it recorded, the engine refused: .*names no petitioner ids/,
    );
  }, 30_000);
});

describe("the model's reading of the choices (hand cases, no engine)", () => {
  const petition = (fields: Partial<ModelPetition>): ModelPetition =>
    ({
      id: "P1",
      status: "routed",
      registeredBy: "bureau",
      accusedOrgs: [],
      ...fields,
    }) as ModelPetition;
  const by = (type: ModelCommand["type"], actor: ModelCommand["actor"]): ModelCommand => ({
    type,
    actor,
    at: "2025-03-03T09:00:00+08:00",
    fields: {},
  });

  it("a supervisor outside the app's scope is refused under org scope, W22 Art. 40, naming office and petition", () => {
    const p = petition({ org: "org-b" });
    const c = by("issueSupervision", actors.supervisor);
    expect(authorizationRefusal(p, c)).toBeUndefined();
    expect(authorizationRefusal(p, c, { supervises: () => true })).toBeUndefined();
    expect(authorizationRefusal(p, c, { supervises: (_, q) => q.org !== "org-b" })).toMatchObject({
      rule: "org scope",
      article: "W22 Art. 40",
      mentions: ["bureau", "P1"],
    });
    // The system's own 督办 is not a supervisor's: no scope applies.
    expect(
      authorizationRefusal(p, by("issueSupervision", actors.system), { supervises: () => false }),
    ).toBeUndefined();
  });

  it("a petition naming no petitioner: nobody's by default, anybody's when allowed", () => {
    const p = petition({ status: "replied", anonymous: true });
    const c = by("requestReview", actors.petitioner("p-anyone"));
    expect(authorizationRefusal(p, c)).toMatchObject({ rule: "own petition" });
    expect(authorizationRefusal(p, c, { allowUnidentifiedPetitioners: true })).toBeUndefined();
    // A named petition stays its petitioner's.
    const named = petition({ status: "replied", petitionerId: "p-A" });
    expect(authorizationRefusal(named, c, { allowUnidentifiedPetitioners: true })).toMatchObject({
      rule: "own petition",
    });
  });
});
