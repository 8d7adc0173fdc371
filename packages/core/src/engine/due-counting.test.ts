import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.js";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

/**
 * Due times that change while a stage runs are counted again from the stage's
 * start, once (Civil Code Art. 201, 203; docs/policies.md "Extensions,
 * hearings, days left"), never moved from a due time already rolled off a
 * rest day.
 */

const reexaminationRequested = async (requestedAt: string) => {
  const ctx = setup("2026-06-01T09:00:00+08:00");
  const c = commandsFor("P-1");
  const at = (time: string, command: CommandInput) => ctx.engine.execute({ ...command, at: time });
  await at("2026-06-01T09:00:00+08:00", c.register);
  await at("2026-06-02T09:00:00+08:00", c.route);
  await at("2026-06-03T09:00:00+08:00", c.accept);
  await at("2026-07-01T09:00:00+08:00", c.reply);
  await at("2026-07-05T09:00:00+08:00", c.requestReview);
  await at("2026-08-10T09:00:00+08:00", c.decideReview);
  const { events } = await at(requestedAt, c.requestReexamination);
  const hearing = (from: string, to: string) =>
    at(from, { ...c.startHearing, actor: actors.reexaminer }).then(() =>
      at(to, { ...c.endHearing, actor: actors.reexaminer }),
    );
  return { ...ctx, c, requested: events[0]!, hearing };
};

describe("re-examination: hearing time is not counted (W22 Art. 36 ¶2)", () => {
  it("requested 2026-09-01, a two-hour hearing on 09-10: due 10-08 end of day, not 10-09", async () => {
    const { requested, hearing, engine } = await reexaminationRequested(
      "2026-09-01T10:00:00+08:00",
    );
    // 30 days end Thu 10-01, inside the National Day break (10-01..10-07).
    expect(requested.data.reexaminationDueAt).toBe("2026-10-08T23:59:59+08:00");
    const { events } = await hearing("2026-09-10T09:00:00+08:00", "2026-09-10T11:00:00+08:00");
    // The hearing's date is not counted: 30 days end 10-02, still in the break, rolled once.
    expect(events[0]!.data).toEqual({
      stage: "reexamination",
      reexaminationDueAt: "2026-10-08T23:59:59+08:00",
    });
    const state = await engine.load("P-1");
    expect(state!.reexaminationDueAt).toBe("2026-10-08T23:59:59+08:00");
    expect(state!.periodStarts.reexamination).toBe("2026-09-01T10:00:00+08:00");
    expect(state!.hearingSpans).toEqual([
      {
        stage: "reexamination",
        from: "2026-09-10T09:00:00+08:00",
        to: "2026-09-10T11:00:00+08:00",
      },
    ]);
  });

  it("a second hearing counts from the request again, with both hearings' dates skipped", async () => {
    const { requested, hearing, store } = await reexaminationRequested("2026-08-11T10:00:00+08:00");
    // 08-11 + 30 = Thu 09-10.
    expect(requested.data.reexaminationDueAt).toBe("2026-09-10T23:59:59+08:00");
    const first = await hearing("2026-08-20T09:00:00+08:00", "2026-08-21T12:00:00+08:00");
    // Two dates skipped: Sat 09-12 → Mon 09-14.
    expect(first.events[0]!.data.reexaminationDueAt).toBe("2026-09-14T23:59:59+08:00");
    const second = await hearing("2026-08-25T14:00:00+08:00", "2026-08-25T16:00:00+08:00");
    // Three dates skipped: Sun 09-13 → Mon 09-14 (moving the rolled 09-14 by a day would give 09-15).
    expect(second.events[0]!.data.reexaminationDueAt).toBe("2026-09-14T23:59:59+08:00");
    const timers = await store.listTimers("petition-P-1");
    expect(timers.find((t) => t.kind === "supervision")!.fireAt).toBe("2026-09-15T00:00:00+08:00");
  });
});

describe("extension: the handling period itself is lengthened (W22 Art. 34)", () => {
  it("accepted 2024-04-10 (due Tue 06-11 after 端午), extended 30 days: due Tue 07-09, not 07-11", async () => {
    const { engine } = setup("2024-04-01T09:00:00+08:00");
    const c = commandsFor("P-1");
    await engine.execute({ ...c.register, at: "2024-04-01T09:00:00+08:00" });
    await engine.execute({ ...c.route, at: "2024-04-02T09:00:00+08:00" });
    const accepted = await engine.execute({ ...c.accept, at: "2024-04-10T15:00:00+08:00" });
    expect(accepted.events[0]!.data.handlingDueAt).toBe("2024-06-11T23:59:59+08:00");
    const extended = await engine.execute({ ...c.extend, at: "2024-06-01T09:00:00+08:00" });
    expect(extended.events[0]!.data.handlingDueAt).toBe("2024-07-09T23:59:59+08:00");
    expect(extended.state.handlingDueAt).toBe("2024-07-09T23:59:59+08:00");
  });
});
