import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandInput,
  createEngine,
  hotline12345Policy,
  nationalPolicy,
  type Policy,
} from "@petitio/core";
import { ManualClock } from "@petitio/core/conformance";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Duties beside a stage get 催办 before and 督办 after their own due time, as
 * office stages do, until they are done: the 交办 report-back
 * (`reportBackDueAt`, W22 Art. 22 ¶1(3); Beijing regulation Art. 46) and the
 * 12345 call-back (`callBackDueAt`, 接诉即办条例 Art. 23). Each step opens the
 * SQLite file again, so the timers are the durable ones.
 */
const dir = mkdtempSync(join(tmpdir(), "petitio-duties-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const intake = { id: "clerk", role: "intake", org: "bureau" } as const;
const agency = { id: "officer", role: "agency", org: "org-x" } as const;

const onFile = (name: string, policy: Policy, start: string) => {
  const file = join(dir, name);
  const clock = new ManualClock(start);
  /** Open the file, run `body` with a fresh engine, close it. */
  const session = async <T>(
    at: string,
    body: (
      engine: ReturnType<typeof createEngine>,
      store: ReturnType<typeof openSqliteStore>,
    ) => Promise<T>,
  ) => {
    clock.set(at);
    const store = openSqliteStore(file, { clock });
    try {
      return await body(createEngine({ store, clock, policy }), store);
    } finally {
      await store.close();
    }
  };
  /** A command of any type, without its petition and time (the step gives them). */
  const run = (at: string, command: Record<string, unknown>, id = "P-1") =>
    session(at, (engine) =>
      engine.execute({ ...command, petitionId: id, at } as unknown as CommandInput),
    );
  const timers = () =>
    session(start, async (_e, store) =>
      (await store.listTimers()).map((t) => [t.id, t.fireAt]).sort(),
    );
  const tick = (at: string) => session(at, (engine) => engine.tick(at));
  /** Who each 催办 / 督办 row is addressed to, and what it names. */
  const notices = () =>
    session(start, async (_e, store) =>
      (await store.claimOutbox({ now: "2100-01-01T00:00:00Z", limit: 100, leaseMs: 1 }))
        .filter((r) => r.payload.kind === "reminder" || r.payload.kind === "supervision")
        .map((r) => [
          r.payload.kind,
          (r.payload.data as { stage: string }).stage,
          (r.payload.recipient as { org?: string }).org,
        ])
        .sort(),
    );
  return { run, timers, tick, notices };
};

const registration = {
  type: "register",
  actor: intake,
  channel: "letter",
  petitioners: [{ name: "赵六" }],
  title: "路灯损坏",
  content: "小区门口路灯损坏多日。",
  category: "claim",
} as const;

describe("交办 report-back timers (W22 Art. 22 ¶1(3))", () => {
  it("remind before and supervise after reportBackDueAt; reporting back ends them, the handling timers stay", async () => {
    const f = onFile("report-back.db", nationalPolicy, "2026-06-01T09:00:00+08:00");
    await f.run("2026-06-01T09:00:00+08:00", registration);
    const routed = await f.run("2026-06-01T10:00:00+08:00", {
      type: "route",
      actor: intake,
      toOrg: "org-x",
      mode: "assign",
    });
    // 60 days (the national default report-back limit) from 06-01: Fri 07-31.
    expect(routed.events[0]!.data.reportBackDueAt).toBe("2026-07-31T23:59:59+08:00");
    await f.run("2026-06-05T10:00:00+08:00", { type: "accept", actor: agency });
    expect(await f.timers()).toEqual([
      ["petition-P-1:handling:reminder", "2026-08-01T00:00:00+08:00"],
      ["petition-P-1:handling:supervision:1", "2026-08-05T00:00:00+08:00"],
      ["petition-P-1:reportBack:reminder", "2026-07-28T00:00:00+08:00"],
      ["petition-P-1:reportBack:supervision:1", "2026-08-01T00:00:00+08:00"],
    ]);

    const reminded = await f.tick("2026-07-28T08:00:00+08:00");
    expect(reminded.reminders.map((e) => e.data)).toEqual([
      { stage: "reportBack", dueAt: "2026-07-31T23:59:59+08:00", daysLeft: 3 },
    ]);
    const supervised = await f.tick("2026-08-01T08:00:00+08:00");
    expect(supervised.supervisions.map((e) => e.data)).toEqual([
      { stage: "reportBack", dueAt: "2026-07-31T23:59:59+08:00", daysOverdue: 1, level: 1 },
    ]);
    // The handling stage runs on: its own reminder came due at the same tick.
    expect(supervised.reminders.map((e) => e.data.stage)).toEqual(["handling"]);
    expect((await f.tick("2026-08-01T08:00:00+08:00")).supervisions).toEqual([]);
    // The assigned org owes the report-back: the notices go to it.
    expect(await f.notices()).toEqual([
      ["reminder", "handling", "org-x"],
      ["reminder", "reportBack", "org-x"],
      ["supervision", "reportBack", "org-x"],
    ]);

    await f.run("2026-08-02T10:00:00+08:00", {
      type: "reportBack",
      actor: agency,
      summary: "已按交办要求修复路灯，现报告办理结果。",
    });
    expect(await f.timers()).toEqual([
      ["petition-P-1:handling:supervision:1", "2026-08-05T00:00:00+08:00"],
    ]);
    expect(
      (await f.tick("2026-08-09T08:00:00+08:00")).supervisions.map((e) => e.data.stage),
    ).toEqual(["handling"]);
  }, 60_000);

  it("a transferred petition owes no report-back: no timers, and a duty notice is refused", async () => {
    const f = onFile("transfer.db", nationalPolicy, "2026-06-01T09:00:00+08:00");
    await f.run("2026-06-01T09:00:00+08:00", registration);
    await f.run("2026-06-01T10:00:00+08:00", { type: "route", actor: intake, toOrg: "org-x" });
    expect((await f.timers()).some(([id]) => String(id).includes("reportBack"))).toBe(false);
    await expect(
      f.run("2026-06-02T10:00:00+08:00", {
        type: "issueReminder",
        actor: { id: "inspector", role: "supervisor", org: "bureau" },
        duty: "reportBack",
      }),
    ).rejects.toThrow(/no reportBack is owed/);
  }, 60_000);
});

describe("12345 call-back timers (接诉即办条例 Art. 23)", () => {
  it("remind before and supervise after callBackDueAt; the call-back ends them", async () => {
    const f = onFile("call-back.db", hotline12345Policy, "2024-03-04T09:00:00+08:00");
    await f.run("2024-03-04T09:00:00+08:00", { ...registration, channel: "hotline" }, "H-1");
    await f.run(
      "2024-03-04T09:10:00+08:00",
      { type: "route", actor: intake, toOrg: "org-x" },
      "H-1",
    );
    await f.run("2024-03-04T09:20:00+08:00", { type: "accept", actor: agency }, "H-1");
    const replied = await f.run(
      "2024-03-06T10:00:00+08:00",
      {
        type: "reply",
        actor: agency,
        outcome: "supported",
        summary: "已修复",
        legalBasis: ["北京市接诉即办工作条例第二十条"],
      },
      "H-1",
    );
    // Three working days after Wed 03-06: 07, 08, 11 → Mon 03-11.
    expect(replied.events[0]!.data.callBackDueAt).toBe("2024-03-11T23:59:59+08:00");
    const callBackTimers = (await f.timers()).filter(([id]) => String(id).includes(":callBack:"));
    expect(callBackTimers.map(([id]) => id)).toEqual([
      "petition-H-1:callBack:reminder",
      "petition-H-1:callBack:supervision:1",
    ]);
    expect(callBackTimers[1]![1]).toBe("2024-03-12T00:00:00+08:00");

    const late = await f.tick("2024-03-12T09:00:00+08:00");
    expect(late.supervisions.map((e) => e.data)).toEqual([
      { stage: "callBack", dueAt: "2024-03-11T23:59:59+08:00", daysOverdue: 1, level: 1 },
    ]);
    await f.run(
      "2024-03-12T10:00:00+08:00",
      { type: "callBack", actor: intake, resolved: true, rating: "satisfied" },
      "H-1",
    );
    expect((await f.timers()).filter(([id]) => String(id).includes(":callBack:"))).toEqual([]);
    // The call-back is the hotline office's own duty (BJ Art. 23): its 督办 goes there.
    expect(await f.notices()).toEqual([["supervision", "callBack", "bureau"]]);
  }, 60_000);
});
