import {
  type Actor,
  type CommandInput,
  createEngine,
  definePolicy,
  type EventEnvelope,
  MemoryEventStore,
  nationalPolicy,
  petitionMachine,
} from "@petitio/core";
import { beforeAll, describe, expect, it } from "vitest";
import { replayRegression } from "./replay-regression.js";

const intake: Actor = { id: "clerk-1", role: "intake", org: "bureau" };
const agency: Actor = { id: "officer-a", role: "agency", org: "org-a" };
const reviewer: Actor = { id: "reviewer", role: "agency", org: "org-review" };
const petitioner = (id: string): Actor => ({ id, role: "petitioner" });

/** A saved log made by the real engine under the national policy. */
const buildSavedLog = async (): Promise<EventEnvelope[]> => {
  let now = "2025-03-03T09:00:00+08:00";
  const clock = { now: () => now };
  const store = new MemoryEventStore({ clock });
  const engine = createEngine({ store, policy: nationalPolicy, clock, channels: [] });
  const run = async (at: string, command: Omit<CommandInput, "at">) => {
    now = at;
    await engine.execute({ ...command, at } as CommandInput);
  };
  const register = (id: string, at: string) =>
    run(at, {
      type: "register",
      petitionId: id,
      actor: intake,
      channel: "letter",
      petitioners: [{ id: `p-${id}`, name: "赵磊" }],
      title: "关于老旧小区加装电梯的建议",
      content: "楼里老人多，希望政府支持加装电梯。",
      category: "claim",
    } as CommandInput);
  const toReply = async (id: string, day: string) => {
    await register(id, `2025-03-${day}T09:00:00+08:00`);
    await run(`2025-03-${day}T10:00:00+08:00`, {
      type: "route",
      petitionId: id,
      actor: intake,
      toOrg: "org-a",
    } as CommandInput);
    await run(`2025-03-${day}T11:00:00+08:00`, {
      type: "accept",
      petitionId: id,
      actor: agency,
    } as CommandInput);
  };
  const reply = (id: string, at: string) =>
    run(at, {
      type: "reply",
      petitionId: id,
      actor: agency,
      outcome: "supported",
      summary: "同意加装电梯，按程序申请补贴。",
      legalBasis: ["信访工作条例第三十二条"],
    } as CommandInput);

  // A: replied on 04-01, review requested 20 days later (legal under the 30-day window), open.
  await toReply("A", "03");
  await reply("A", "2025-04-01T09:00:00+08:00");
  await run("2025-04-21T09:00:00+08:00", {
    type: "requestReview",
    petitionId: "A",
    actor: petitioner("p-A"),
    toOrg: "org-review",
    reason: "补贴标准不明确",
  } as CommandInput);
  // B: replied, waiting for the petitioner (open, running the review-request window).
  await toReply("B", "04");
  await reply("B", "2025-04-25T09:00:00+08:00");
  // C: handling extended by 20 days, open.
  await toReply("C", "05");
  await run("2025-04-20T09:00:00+08:00", {
    type: "extend",
    petitionId: "C",
    actor: agency,
    days: 20,
    reason: "需要现场勘查",
    approvedBy: "head-a",
  } as CommandInput);
  // D: review requested late under any shorter window, and then decided and concluded: closed.
  await toReply("D", "06");
  await reply("D", "2025-04-01T09:00:00+08:00");
  await run("2025-04-21T10:00:00+08:00", {
    type: "requestReview",
    petitionId: "D",
    actor: petitioner("p-D"),
    toOrg: "org-review",
    reason: "不服",
  } as CommandInput);
  await run("2025-04-22T10:00:00+08:00", {
    type: "decideReview",
    petitionId: "D",
    actor: reviewer,
    outcome: "upheld",
    summary: "维持",
  } as CommandInput);
  await run("2025-05-30T10:00:00+08:00", {
    type: "conclude",
    petitionId: "D",
    actor: { id: "system", role: "system" },
    reason: "reviewWindowLapsed",
  } as CommandInput);

  const events: EventEnvelope[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

let log: EventEnvelope[];
beforeAll(async () => {
  log = await buildSavedLog();
});

describe("replayRegression", () => {
  it("finds no difference when the candidate is the current version", async () => {
    const differences = await replayRegression({
      logs: [log],
      candidate: { policy: nationalPolicy },
    });
    expect(differences).toEqual([]);
  });

  it("reports open petitions a shorter review window changes, and leaves closed ones out", async () => {
    const fifteenDays = definePolicy(nationalPolicy, {
      id: "review-15",
      limits: { reviewRequest: { days: 15 } },
    });
    const differences = await replayRegression({ logs: [log], candidate: { policy: fifteenDays } });
    expect(differences.map((d) => d.petitionId)).toEqual(["A", "B"]);
    const [a, b] = differences;
    // A's review request (20 days after the reply) would be refused, and replay stops there
    expect(a?.before.status).toBe("underReview");
    expect(a?.after.status).toBe("replied");
    expect(a?.after.refused).toMatchObject({ type: "ReviewRequested" });
    expect(a?.after.refused?.reason).toContain("review request window");
    // B is still waiting: its window now closes on 05-10 instead of 05-25
    expect(b?.before).toEqual({
      status: "replied",
      stage: "reviewRequest",
      dueAt: "2025-05-26T23:59:59+08:00",
    });
    expect(b?.after).toEqual({
      status: "replied",
      stage: "reviewRequest",
      dueAt: "2025-05-12T23:59:59+08:00",
    });
    // D went through the same late request but is closed: only with includeClosed
    const all = await replayRegression({
      logs: [log],
      candidate: { policy: fifteenDays },
      includeClosed: true,
    });
    expect(all.map((d) => d.petitionId)).toEqual(["A", "B", "D"]);
  });

  it("replays under another chart: a machine that allows no extension stops C", async () => {
    const noExtensions = petitionMachine.provide({ guards: { extensionOnce: () => false } });
    const differences = await replayRegression({
      logs: [log],
      current: { machine: petitionMachine },
      candidate: { machine: noExtensions },
    });
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({
      petitionId: "C",
      before: { status: "accepted", stage: "handling" },
      after: { status: "accepted", refused: { type: "HandlingExtended" } },
    });
  });

  it("reads logs given as async streams, in several parts", async () => {
    const half = Math.floor(log.length / 2);
    async function* stream(events: EventEnvelope[]) {
      yield* events;
    }
    const fifteenDays = definePolicy(nationalPolicy, { limits: { reviewRequest: { days: 15 } } });
    const differences = await replayRegression({
      logs: [stream(log.slice(0, half)), log.slice(half)],
      candidate: { policy: fifteenDays },
    });
    expect(differences.map((d) => d.petitionId)).toEqual(["A", "B"]);
  });
});
