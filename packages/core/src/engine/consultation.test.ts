import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import type { EventEnvelope } from "../events/envelope.js";
import { checkEvent } from "../lifecycle/check-event.js";
import { evolve } from "../lifecycle/evolve.js";
import type { PetitionState } from "../lifecycle/state.js";
import { computeHotlineRates } from "../projections/hotline-rates.js";
import { computeMetrics } from "../projections/metrics.js";
import { hotline12345Policy } from "../time/policy.js";
import type { CommandInput } from "./commands.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/** BJ Art. 11 ¶1: 对咨询类诉求，能够即时答复的，即时答复. */
const consultation = (id: string, extra: Record<string, unknown> = {}) =>
  ({
    ...commandsFor(id).register,
    channel: "hotline",
    requestType: "consultation",
    title: "居住证办理需要哪些材料",
    content: "来电咨询居住证办理所需材料和地点。",
    ...extra,
  }) as CommandInput;

const answer = { summary: "已告知所需材料和就近办理点。", legalBasis: ["居住证暂行条例"] };

/** Every violation `checkEvent` finds when the events are replayed in order. */
const violations = (events: readonly EventEnvelope[]) => {
  let state: PetitionState | undefined;
  const found: string[] = [];
  for (const e of events) {
    found.push(...checkEvent(state, e).map((v) => `${e.type}: ${v.rule}`));
    state = evolve(state, e);
  }
  return found;
};

describe("a 12345 consultation answered at once (BJ Art. 11 ¶1)", () => {
  it("register with the answer records the reply and closes the ticket, in one command", async () => {
    const { engine, store } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const result = await engine.execute(consultation("Q-1", { answer }));
    expect(result.events.map((e) => e.type)).toEqual([
      "PetitionRegistered",
      "ReplyIssued",
      "PetitionConcluded",
    ]);
    expect(result.events[1]!.data).toMatchObject({
      org: actors.intake.org,
      outcome: "explained",
      summary: answer.summary,
      legalBasis: answer.legalBasis,
      deliveredAt: "2024-03-04T09:00:00+08:00",
    });
    expect(result.events[2]!.data).toEqual({ reason: "resolved" });
    expect(result.state.status).toBe("concluded");
    // The log it leaves is lawful when replayed (petitio verify judges it so).
    const log = await store.readStream("petition-Q-1");
    expect(violations(log)).toEqual([]);
    const rates = await computeHotlineRates(log);
    expect(rates?.answeredAtOnce).toBe(1);
    expect(rates?.response.denominator).toBe(0);
    // Answered at once is the routing decision (BJ Art. 11 ¶1): on time, not late for want of a dispatch.
    const metrics = await computeMetrics(log, { asOf: "2024-03-31T23:59:59+08:00" });
    expect(metrics.rates.onTimeRouting).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(metrics.counts.open).toBe(0);
  });

  it("refuses an answer on any other request type, naming the field, and appends nothing", async () => {
    const { engine, store } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const error = await engine
      .execute(consultation("Q-2", { requestType: "complaint", answer }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).issues)).toContain("answer");
    expect(await store.readStream("petition-Q-2")).toEqual([]);
  });

  it("without the answer a consultation is dispatched as usual, and a later answer is a normal reply", async () => {
    const { engine, clock } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const registered = await engine.execute(consultation("Q-3"));
    expect(registered.state.status).toBe("registered");
    clock.set("2024-03-04T10:00:00+08:00");
    // An hour later is not "at once": the registered ticket takes no reply.
    await expect(
      engine.execute({ ...commandsFor("Q-3").reply, actor: actors.intake } as CommandInput),
    ).rejects.toThrow(/reply/);
  });

  it("a log whose conclusion comes later than the answer, or for a dispatched ticket, is not lawful", async () => {
    const { engine, store } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    await engine.execute(consultation("Q-4", { answer }));
    const [registered, reply, concluded] = await store.readStream("petition-Q-4");
    const late = { ...concluded!, occurredAt: "2024-03-04T09:05:00+08:00" };
    expect(violations([registered!, reply!, late])).toEqual(["PetitionConcluded: conclusion"]);
    const complaint = {
      ...registered!,
      data: { ...registered!.data, requestType: "complaint" },
    };
    expect(violations([complaint, reply!, concluded!])).toEqual([
      "ReplyIssued: consultation answered at once",
      "PetitionConcluded: conclusion",
    ]);
  });
});
