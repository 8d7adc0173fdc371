import { describe, expect, it } from "vitest";
import { actors, commandsFor, setup } from "./test-kit.testkit.js";

describe("engine: the full path on the in-memory store", () => {
  it("registers, routes, accepts, extends, replies, reviews, re-examines and ends final (W22 Art. 22–36)", async () => {
    const { clock, store, engine } = setup("2024-03-01T09:00:00+08:00");
    const c = commandsFor("P-1");
    const types: string[] = [];
    const run = async (at: string, command: Parameters<typeof engine.execute>[0]) => {
      clock.set(at);
      const { events } = await engine.execute(command);
      types.push(...events.map((e) => e.type));
      return events;
    };
    const [registered] = await run("2024-03-01T09:00:00+08:00", c.register);
    expect(registered!.data.routingDueAt).toBe("2024-03-18T23:59:59+08:00");
    const [routed] = await run("2024-03-04T10:00:00+08:00", c.route);
    expect(routed!.data.acceptanceDueAt).toBe("2024-03-19T23:59:59+08:00");
    const [accepted] = await run("2024-03-05T10:00:00+08:00", c.accept);
    expect(accepted!.data).toMatchObject({ org: "org-x", noticeSent: true });
    await run("2024-03-20T10:00:00+08:00", c.extend);
    await run("2024-04-10T10:00:00+08:00", c.reply);
    await run("2024-04-12T10:00:00+08:00", c.evaluate);
    await run("2024-04-20T10:00:00+08:00", c.requestReview);
    await run("2024-05-06T10:00:00+08:00", c.decideReview);
    const [requested] = types.length
      ? await run("2024-05-20T10:00:00+08:00", c.requestReexamination)
      : [];
    expect(requested!.data.reexaminationDueAt).toBe("2024-06-19T23:59:59+08:00");
    await run("2024-05-21T09:00:00+08:00", { ...c.startHearing, actor: actors.reexaminer });
    const [ended] = await run("2024-05-22T17:00:00+08:00", {
      ...c.endHearing,
      actor: actors.reexaminer,
    });
    // Hearing time is not counted (W22 Art. 36 ¶2): two calendar days touched, due moves by two.
    expect(ended!.data.reexaminationDueAt).toBe("2024-06-21T23:59:59+08:00");
    await run("2024-06-10T10:00:00+08:00", c.decideReexamination);
    expect(types).toEqual([
      "PetitionRegistered",
      "PetitionRouted",
      "PetitionAccepted",
      "HandlingExtended",
      "ReplyIssued",
      "SatisfactionEvaluated",
      "ReviewRequested",
      "ReviewDecided",
      "ReexaminationRequested",
      "HearingStarted",
      "HearingEnded",
      "ReexaminationDecided",
      "PetitionConcluded",
    ]);
    const state = await engine.load("P-1");
    expect(state?.status).toBe("final");
    expect(await store.listTimers("petition-P-1")).toEqual([]);
    const outbox = await store.claimOutbox({ now: clock.now(), limit: 100, leaseMs: 1000 });
    expect(outbox.map((r) => r.payload.kind)).toEqual([
      "acceptanceNotice",
      "extensionNotice", // W22 Art. 34: the petitioner is told of the extension and its reason
      "reply",
      "decision",
      "decision",
    ]);
    expect(actors.petitioner.id).toBe("p-1");
  });
});
