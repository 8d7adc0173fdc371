import { describe, expect, it } from "vitest";
import type { CommandInput } from "../engine/commands.js";
import { commandsFor, setup } from "../engine/test-kit.testkit.js";
import type { EventEnvelope } from "../events/envelope.js";
import { hotline12345Policy } from "../time/policy.js";
import { computeHotlineRates } from "./hotline-rates.js";

/**
 * A hand-built log of three 12345 tickets dispatched on Monday 2024-03-04
 * (sign-for due Tuesday 23:59:59, one working day) and one petition by visit:
 * H-1 signed for at once, called back resolved and satisfied; H-2 signed for
 * late (Thursday), called back unresolved and unsatisfied; H-3 never signed for.
 */
const hotlineLog = async (): Promise<EventEnvelope[]> => {
  const { engine, clock } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
  const log: EventEnvelope[] = [];
  const run = async (command: CommandInput) => {
    log.push(...((await engine.execute(command)).events as EventEnvelope[]));
  };
  const [h1, h2, h3, p1] = ["H-1", "H-2", "H-3", "P-1"].map(commandsFor);
  await run({ ...h1!.register, channel: "hotline", requestType: "complaint" } as CommandInput);
  await run({ ...h2!.register, channel: "phone", requestType: "help" } as CommandInput);
  await run({ ...h3!.register, channel: "hotline" });
  await run(p1!.register);
  for (const c of [h1, h2, h3, p1]) await run(c!.route);
  await run(h1!.accept);
  await run(p1!.accept);
  clock.set("2024-03-07T09:00:00+08:00");
  await run(h2!.accept);
  await run(h1!.reply);
  await run(h2!.reply);
  clock.set("2024-03-11T09:00:00+08:00");
  await run({ ...h1!.callBack, resolved: true, rating: "satisfied" } as CommandInput);
  // The replies of Thursday 7 March are due for a call-back by Tuesday 12 March (3 working days).
  clock.set("2024-03-13T09:00:00+08:00");
  await run({ ...h2!.callBack, resolved: false, rating: "unsatisfied" } as CommandInput);
  return log;
};

describe("12345 rates: 响应率, 解决率, 满意率 (BJ Art. 32)", () => {
  it("counts the log's tickets only and reads each rate as docs/metrics.md says", async () => {
    const rates = await computeHotlineRates(await hotlineLog());
    expect(rates).toEqual({
      tickets: 3,
      byRequestType: { complaint: 1, help: 1, "(none)": 1 },
      answeredAtOnce: 0,
      response: { numerator: 1, denominator: 3, value: 1 / 3 },
      resolution: { numerator: 1, denominator: 2, value: 0.5 },
      satisfaction: { numerator: 1, denominator: 2, value: 0.5 },
      // H-1 and H-2 replied on 7 March, inside their five working days; H-3 was never handled.
      onTimeHandling: { numerator: 2, denominator: 2, value: 1 },
      // H-1 called back on Monday 11 March, H-2 on Wednesday 13 March: a day late.
      onTimeCallBack: { numerator: 1, denominator: 2, value: 0.5 },
    });
  });

  it("as of Tuesday noon, only the ticket already signed for is due; nothing is called back yet", async () => {
    const rates = await computeHotlineRates(await hotlineLog(), {
      asOf: "2024-03-05T12:00:00+08:00",
    });
    expect(rates?.response).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(rates?.resolution).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(rates?.onTimeHandling).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it("H-2 call-back counts once its due time (Tuesday 12 March, end of day) has passed unmade", async () => {
    const rates = await computeHotlineRates(await hotlineLog(), {
      asOf: "2024-03-12T12:00:00+08:00",
    });
    expect(rates?.onTimeCallBack).toEqual({ numerator: 1, denominator: 1, value: 1 });
    const later = await computeHotlineRates(await hotlineLog(), {
      asOf: "2024-03-13T08:00:00+08:00",
    });
    expect(later?.onTimeCallBack).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it("a ticket sent back (退回再办) is judged by its new handling run and its new reply", async () => {
    const { engine, clock } = setup("2024-03-04T09:00:00+08:00", { policy: hotline12345Policy });
    const c = commandsFor("H-9");
    const log: EventEnvelope[] = [];
    const run = async (command: CommandInput) => {
      log.push(...((await engine.execute(command)).events as EventEnvelope[]));
    };
    await run({ ...c.register, channel: "hotline", requestType: "complaint" } as CommandInput);
    await run(c.route);
    await run(c.accept);
    clock.set("2024-03-07T09:00:00+08:00");
    await run(c.reply);
    clock.set("2024-03-08T09:00:00+08:00");
    await run({ ...c.callBack, resolved: false, rating: "unsatisfied" } as CommandInput);
    await run(c.returnForRehandling);
    const rerun = await computeHotlineRates(log);
    // The new run (due Friday 15 March) has no reply yet and is not due: nothing to judge.
    expect(rerun?.onTimeHandling).toEqual({ numerator: 0, denominator: 0, value: null });
    // Replied again on Monday 18 March: the first reply was on time, the new run is late.
    clock.set("2024-03-18T09:00:00+08:00");
    await run({ ...c.reply, idempotencyKey: "reply-2" });
    const late = await computeHotlineRates(log);
    expect(late?.onTimeHandling).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(late?.resolution).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it("counts only ratings the options name as satisfied", async () => {
    const rates = await computeHotlineRates(await hotlineLog(), {
      satisfiedRatings: ["basicallySatisfied"],
    });
    expect(rates?.satisfaction).toEqual({ numerator: 0, denominator: 2, value: 0 });
  });

  it("is null for a log without 12345 tickets", async () => {
    const log = (await hotlineLog()).filter((e) => e.streamId.endsWith("P-1"));
    expect(log.length).toBeGreaterThan(0);
    expect(await computeHotlineRates(log)).toBeNull();
  });
});
