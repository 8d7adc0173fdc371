import { describe, expect, it } from "vitest";
import { ManualClock } from "../conformance/manual-clock.js";
import type { CommandInput } from "../engine/commands.js";
import { createEngine } from "../engine/engine.js";
import type { Actor } from "../events/envelope.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { hotline12345Policy } from "../time/policy.js";
import { createPracticeDesk } from "./desk.js";
import { practiceProjection, practiceReport } from "./projection.js";
import { PracticeRuleError } from "./rules.js";

const operator = { id: "op-1", role: "intake", org: "hotline-12345" } as const;
const env = { id: "off-3", role: "agency", org: "env-bureau" } as const;
const water = { id: "off-5", role: "agency", org: "water-co" } as const;
const street = { id: "off-6", role: "agency", org: "street-office" } as const;

/** A complaint dispatched to the environment bureau on Monday 4 March 2024 and signed for at once. */
async function ticket() {
  const clock = new ManualClock("2024-03-04T09:00:00+08:00");
  const store = new MemoryEventStore({ clock });
  const engine = createEngine({ store, policy: hotline12345Policy, clock });
  const desk = createPracticeDesk({ store, policy: hotline12345Policy, clock });
  const run = (c: Record<string, unknown>) => engine.execute(c as CommandInput);
  for (const id of ["T-1", "T-2"]) {
    await run({
      type: "register",
      petitionId: id,
      actor: operator,
      channel: "hotline",
      requestType: "complaint",
      title: "河道异味",
      content: "来电反映河道异味，涉及排水和街道保洁。",
      category: "claim",
    });
    await run({ type: "route", petitionId: id, actor: operator, toOrg: "env-bureau" });
  }
  await run({ type: "accept", petitionId: "T-1", actor: env });
  return { clock, store, engine, desk, run };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PracticeRuleError);
  return (error as PracticeRuleError).rule;
}

describe("首接负责制: the first receiver coordinates co-handling orgs (BJ Art. 14)", () => {
  it("only the org that signed for the ticket asks others, each other org once", async () => {
    const { desk, store } = await ticket();
    const ask = (actor: Actor, id: string, orgs: string[]) =>
      desk.execute({ type: "requestCoHandling", id, actor, orgs });
    expect(await refusal(ask(water, "T-1", ["street-office"]))).toBe("org");
    // T-2 is dispatched but not yet signed for: there is no first receiver yet.
    expect(await refusal(ask(env, "T-2", ["water-co"]))).toBe("signedFor");
    expect(await refusal(ask(env, "T-1", ["env-bureau", "water-co"]))).toBe("orgs");
    expect(await refusal(ask(env, "T-9", ["water-co"]))).toBe("exists");
    expect(await store.streamVersion("co-handling-T-1")).toBe(0);

    const asked = await ask(env, "T-1", ["water-co", "street-office"]);
    // Results are due to the first receiver within the ticket's own limit: 5 working days.
    expect(asked.events[0]!.data).toMatchObject({
      petitionId: "T-1",
      leadOrg: "env-bureau",
      orgs: ["water-co", "street-office"],
      reportDueAt: "2024-03-11T23:59:59+08:00",
    });
    expect(await refusal(ask(env, "T-1", ["water-co"]))).toBe("orgs");
  });

  it("co-handlers report to it; a late one says why; the ticket's reply stays with the first receiver", async () => {
    const { desk, clock, store, run } = await ticket();
    await desk.execute({
      type: "requestCoHandling",
      id: "T-1",
      actor: env,
      orgs: ["water-co", "street-office"],
    });
    clock.set("2024-03-06T10:00:00+08:00");
    await desk.execute({
      type: "reportCoHandling",
      id: "T-1",
      actor: water,
      summary: "已疏通排水口。",
    });
    expect(
      await refusal(
        desk.execute({ type: "reportCoHandling", id: "T-1", actor: water, summary: "再报" }),
      ),
    ).toBe("once");
    expect(
      await refusal(
        desk.execute({
          type: "reportCoHandling",
          id: "T-1",
          actor: { id: "x", role: "agency", org: "transport" },
          summary: "不相干",
        }),
      ),
    ).toBe("org");
    expect(
      await refusal(
        desk.execute({
          type: "reportCoHandling",
          id: "T-1",
          actor: street,
          summary: "保洁进行中",
          complete: false,
        }),
      ),
    ).toBe("reason");
    await desk.execute({
      type: "reportCoHandling",
      id: "T-1",
      actor: street,
      summary: "已安排每日保洁，河面漂浮物清理过半。",
      complete: false,
      reason: "需协调清淤船只",
    });

    // A co-handler does not reply to the caller: the first receiver does (不得推诿).
    const before = await store.streamVersion("petition-T-1");
    await expect(
      run({
        type: "reply",
        petitionId: "T-1",
        actor: water,
        outcome: "supported",
        summary: "已处理",
        legalBasis: ["水污染防治法"],
      }),
    ).rejects.toThrow(/env-bureau|may not reply/);
    expect(await store.streamVersion("petition-T-1")).toBe(before);

    // Past the due time the street office's result is still owed: a supervision, for it alone.
    clock.set("2024-03-12T09:00:00+08:00");
    const tick = await desk.tick();
    expect(tick.supervisions.map((e) => e.data.deadline)).toEqual(["coHandling:street-office"]);

    let facts = practiceProjection.init();
    for await (const e of store.readAll()) facts = practiceProjection.apply(facts, e);
    expect(practiceReport(facts).coHandling).toEqual({
      tickets: 1,
      orgsAsked: 2,
      onTimeResults: { numerator: 1, denominator: 2, value: 0.5 },
    });
  });
});
