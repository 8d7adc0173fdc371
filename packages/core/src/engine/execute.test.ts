import { describe, expect, it } from "vitest";
import { ConcurrencyError } from "../errors.js";
import { allowedCommands } from "../lifecycle/allowed.js";
import { IllegalCommandError } from "../lifecycle/errors.js";
import type { EventStore } from "../store/event-store.js";
import { createEngine } from "./engine.js";
import { commandsFor, setup } from "./test-kit.testkit.js";

describe("execute", () => {
  it("returns the first result for a repeated idempotency key, even after the petition moved on", async () => {
    const { engine, store } = setup();
    const c = commandsFor("P-1");
    const first = await engine.execute({ ...c.register, idempotencyKey: "intake-form-77" });
    expect(first.duplicate).toBe(false);
    await engine.execute(c.route);
    const again = await engine.execute({ ...c.register, idempotencyKey: "intake-form-77" });
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.position)).toEqual(first.events.map((e) => e.position));
    expect(again.state.status).toBe("routed");
    expect(await store.headPosition()).toBe(2);
    expect(first.events[0]!.meta?.idempotencyKey).toBe("intake-form-77");
  });

  it("retries a conflicting append: two legal commands on one petition both land, in order", async () => {
    const { engine, store, clock } = setup();
    const c = commandsFor("P-1");
    for (const command of [c.register, c.route, c.accept]) await engine.execute(command);
    clock.set("2024-03-10T10:00:00+08:00");
    await engine.execute(c.reply);
    const results = await Promise.all([
      engine.execute(c.evaluate),
      engine.execute(c.issueRecommendation),
      engine.execute({ ...c.evaluate, rating: "unsatisfied" }),
    ]);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const versions = (await store.readStream("petition-P-1")).map((e) => e.version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("a command no longer legal after the reload fails with its IllegalCommandError, nothing appended", async () => {
    const { engine, store } = setup();
    const c = commandsFor("P-1");
    await engine.execute(c.register);
    await engine.execute(c.route);
    const [accept, notAccept] = await Promise.allSettled([
      engine.execute(c.accept),
      engine.execute(c.notAccept),
    ]);
    expect(accept.status).toBe("fulfilled");
    expect(notAccept.status).toBe("rejected");
    const error = (notAccept as PromiseRejectedResult).reason as IllegalCommandError;
    expect(error).toBeInstanceOf(IllegalCommandError);
    expect(error.state).toBe("accepted");
    expect((await store.readStream("petition-P-1")).map((e) => e.type)).toEqual([
      "PetitionRegistered",
      "PetitionRouted",
      "PetitionAccepted",
    ]);
  });

  it("gives up after `retries` conflicts with the store's ConcurrencyError", async () => {
    const { store, clock } = setup();
    const c = commandsFor("P-1");
    const always = Object.create(store) as EventStore;
    always.append = async (streamId) => {
      throw new ConcurrencyError(streamId, 0, 1);
    };
    let reads = 0;
    always.readStream = async (id, o) => {
      reads++;
      return store.readStream(id, o);
    };
    const engine = createEngine({
      store: always,
      clock,
      policy: (await import("../time/policy.js")).nationalPolicy,
      retries: 2,
    });
    await expect(engine.execute(c.register)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(reads).toBe(3);
  });
});

describe("every exit ends the petition and its deadlines", () => {
  const cases = [
    { exit: "withdrawn", path: ["register", "route", "accept", "withdraw"] },
    { exit: "merged", path: ["register", "merge"] },
    { exit: "redirected", path: ["register", "redirect"] },
    { exit: "notAccepted", path: ["register", "route", "notAccept"] },
  ] as const;
  for (const { exit, path } of cases) {
    it(`${path.join(" → ")} ends ${exit}`, async () => {
      const { engine, store } = setup();
      const c = commandsFor("P-1");
      if (exit === "merged") await engine.execute(commandsFor("P-first").register);
      for (const type of path) await engine.execute(c[type]);
      const state = await engine.load("P-1");
      expect(state!.status).toBe(exit);
      expect(allowedCommands(state)).toEqual([]);
      expect(await store.listTimers("petition-P-1")).toEqual([]);
    });
  }
});

describe("merge: a duplicate goes into a petition that exists and is open", () => {
  const refusal = async (run: Promise<unknown>) => {
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IllegalCommandError);
    return error as IllegalCommandError;
  };

  it("refuses a target that does not exist, and appends nothing", async () => {
    const { engine, store } = setup();
    const c = commandsFor("P-1");
    await engine.execute(c.register);
    const before = await store.headPosition();
    const error = await refusal(engine.execute(c.merge));
    expect(error.rule).toBe("merge target");
    expect(error.message).toContain("P-first does not exist");
    expect(await store.headPosition()).toBe(before);
  });

  it("refuses a target that is already closed, and merging into itself", async () => {
    const { engine } = setup();
    await engine.execute(commandsFor("P-first").register);
    await engine.execute(commandsFor("P-first").withdraw);
    const c = commandsFor("P-1");
    await engine.execute(c.register);
    expect((await refusal(engine.execute(c.merge))).message).toContain(
      "already closed (withdrawn)",
    );
    const self = { ...c.merge, intoPetitionId: "P-1" };
    expect((await refusal(engine.execute(self))).message).toContain("cannot be merged into itself");
  });

  it("merges into an open petition", async () => {
    const { engine } = setup();
    await engine.execute(commandsFor("P-first").register);
    const c = commandsFor("P-1");
    await engine.execute(c.register);
    const { state } = await engine.execute(c.merge);
    expect(state.status).toBe("merged");
  });
});
