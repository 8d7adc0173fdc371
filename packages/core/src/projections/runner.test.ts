import { describe, expect, it } from "vitest";
import type { EventEnvelope, NewEvent } from "../events/envelope.js";
import { MemoryEventStore } from "../store/memory-store.js";
import { HAND_PERIOD, handWorkedLog } from "./hand-worked.testkit.js";
import { computeMetrics, metricsFromFacts } from "./metrics.js";
import { type PetitionFactsState, petitionFactsProjection } from "./petition-facts.js";
import type { Projection } from "./projection.js";
import { replay } from "./replay.js";
import { ProjectionRunner, projectionCheckpointName } from "./runner.js";

const clock = { now: () => "2024-04-01T00:00:00+08:00" };
const log = handWorkedLog().events;

const toNew = (e: EventEnvelope): NewEvent => ({
  type: e.type,
  data: e.data,
  occurredAt: e.occurredAt,
  actor: e.actor,
});

/** A projection that counts the events it folds, and every call to apply across instances. */
const counting = (version = 1, failOn?: string) => {
  const calls = { apply: 0 };
  const projection: Projection<{ count: number; last: number }> = {
    name: "counting",
    version,
    init: () => ({ count: 0, last: 0 }),
    apply: (state, event) => {
      calls.apply++;
      if (event.type === failOn) throw new Error(`cannot fold ${failOn}`);
      return { count: state.count + 1, last: event.position };
    },
  };
  return { projection, calls };
};

const appendAll = async (runner: ProjectionRunner, events: readonly EventEnvelope[]) => {
  for (const e of events) await runner.append(e.streamId, [toNew(e)], { expectedVersion: "any" });
};

describe("ProjectionRunner, inline", () => {
  it("saves the snapshot in the append and equals the replayed metrics", async () => {
    const store = new MemoryEventStore({ clock });
    const runner = new ProjectionRunner({ store, inline: [petitionFactsProjection] });
    await runner.start();
    await appendAll(runner, log);

    const snapshot = await store.loadProjection("petitionFacts");
    expect(snapshot?.position).toBe(await store.headPosition());
    expect(snapshot?.version).toBe(petitionFactsProjection.version);
    const fromSnapshot = petitionFactsProjection.fromSnapshot!(snapshot!.state);
    const expected = await computeMetrics(log, { ...HAND_PERIOD, by: "org" });
    expect(metricsFromFacts(fromSnapshot, { ...HAND_PERIOD, by: "org" })).toEqual(expected);
    expect(expected.rates.participation).toMatchObject({ numerator: 3, denominator: 4 });
    expect(
      metricsFromFacts(runner.state<PetitionFactsState>("petitionFacts"), {
        ...HAND_PERIOD,
        by: "org",
      }),
    ).toEqual(expected);
  });

  it("rolls back with the append when a projection throws, and keeps the state it had", async () => {
    const store = new MemoryEventStore({ clock });
    const { projection } = counting(1, "PetitionWithdrawn");
    const runner = new ProjectionRunner({ store, inline: [petitionFactsProjection, projection] });
    await runner.start();
    const upToWithdrawal = log.slice(0, -1);
    await appendAll(runner, upToWithdrawal);
    const before = metricsFromFacts(runner.state("petitionFacts"), HAND_PERIOD);

    const withdrawal = log[log.length - 1]!;
    await expect(appendAll(runner, [withdrawal])).rejects.toThrow("cannot fold PetitionWithdrawn");
    expect(await store.headPosition()).toBe(upToWithdrawal.length);
    expect(runner.position("petitionFacts")).toBe(upToWithdrawal.length);
    // P13 is still open: the fold of the failed append was undone.
    expect(metricsFromFacts(runner.state("petitionFacts"), HAND_PERIOD)).toEqual(before);
    expect(before.counts.open).toBe(7);
  });

  it("resumes from the snapshot after a restart and catches up with appends made without it", async () => {
    const store = new MemoryEventStore({ clock });
    const first = counting();
    const runner = new ProjectionRunner({ store, inline: [first.projection] });
    await runner.start();
    await appendAll(runner, log.slice(0, 20));
    // Appended by someone without the hook: picked up at the next start.
    for (const e of log.slice(20, 25)) {
      await store.append(e.streamId, [toNew(e)], { expectedVersion: "any" });
    }
    const second = counting();
    const restarted = new ProjectionRunner({ store, inline: [second.projection] });
    await restarted.start();
    expect(second.calls.apply).toBe(5);
    expect(restarted.state("counting")).toEqual({ count: 25, last: 25 });
  });

  it("rebuilds from the log when the projection's version changes", async () => {
    const store = new MemoryEventStore({ clock });
    const v1 = new ProjectionRunner({ store, inline: [counting(1).projection] });
    await v1.start();
    await appendAll(v1, log.slice(0, 12));
    const v2 = counting(2);
    const runner = new ProjectionRunner({ store, inline: [v2.projection] });
    await runner.start();
    expect(v2.calls.apply).toBe(12);
    expect((await store.loadProjection("counting"))?.version).toBe(2);
  });
});

describe("ProjectionRunner, inline with sparse snapshots", () => {
  it("saves every n-th append and catches up the rest from the log at start", async () => {
    const store = new MemoryEventStore({ clock });
    const runner = new ProjectionRunner({
      store,
      inline: [counting().projection],
      inlineSnapshotEvery: 5,
    });
    await runner.start();
    await appendAll(runner, log.slice(0, 12));
    expect(runner.state("counting")).toEqual({ count: 12, last: 12 });
    expect((await store.loadProjection("counting"))?.position).toBe(10);
    const second = counting();
    const restarted = new ProjectionRunner({ store, inline: [second.projection] });
    await restarted.start();
    expect(second.calls.apply).toBe(2);
    expect(restarted.state("counting")).toEqual({ count: 12, last: 12 });
  });

  it("rejects a snapshot interval that is not a positive integer", () => {
    const store = new MemoryEventStore({ clock });
    expect(() => new ProjectionRunner({ store, inlineSnapshotEvery: 0 })).toThrow(
      "inlineSnapshotEvery",
    );
  });
});

describe("ProjectionRunner, async", () => {
  it("rebuilds from the log when the projection's version changes", async () => {
    const store = new MemoryEventStore({ clock });
    const v1 = new ProjectionRunner({ store, async: [counting(1).projection] });
    await v1.start();
    await appendAll(v1, log.slice(0, 9));
    await v1.caughtUp();
    await v1.stop();
    const v2 = counting(2);
    const runner = new ProjectionRunner({ store, async: [v2.projection] });
    await runner.start();
    await runner.caughtUp();
    expect(v2.calls.apply).toBe(9);
    expect(await store.loadProjection("counting")).toMatchObject({ version: 2, position: 9 });
    await runner.stop();
  });

  it("follows the log, snapshots, and resumes after a restart without refolding", async () => {
    const store = new MemoryEventStore({ clock });
    const first = counting();
    const runner = new ProjectionRunner({ store, async: [first.projection], snapshotEvery: 4 });
    await runner.start();
    await appendAll(runner, log.slice(0, 10));
    await runner.caughtUp();
    expect(runner.state("counting")).toEqual({ count: 10, last: 10 });
    expect((await store.loadProjection("counting"))?.position).toBe(10);
    await runner.stop();

    await appendAll(runner, log.slice(10, 30));
    const second = counting();
    const restarted = new ProjectionRunner({ store, async: [second.projection] });
    await restarted.start();
    await restarted.caughtUp();
    expect(second.calls.apply).toBe(20);
    expect(restarted.state("counting")).toEqual({ count: 30, last: 30 });
    expect(await store.readCheckpoint(projectionCheckpointName("counting"))).toBe(30);
    await restarted.stop();
  });

  it("refolds the events between the snapshot and a checkpoint that ran ahead of it", async () => {
    const store = new MemoryEventStore({ clock });
    const runner = new ProjectionRunner({ store, async: [counting().projection] });
    await runner.start();
    await appendAll(runner, log.slice(0, 8));
    await runner.caughtUp();
    await runner.stop();
    await appendAll(runner, log.slice(8, 15));
    // As after a crash: the checkpoint moved on, the snapshot (position 8) did not.
    await store.writeCheckpoint(projectionCheckpointName("counting"), 15);
    const restarted = new ProjectionRunner({ store, async: [counting().projection] });
    await restarted.start();
    await restarted.caughtUp();
    expect(restarted.state("counting")).toEqual({ count: 15, last: 15 });
    await restarted.stop();
  });

  it("keeps up with appends made while it runs and matches a full replay", async () => {
    const store = new MemoryEventStore({ clock });
    const runner = new ProjectionRunner({ store, async: [petitionFactsProjection] });
    await runner.start();
    await appendAll(runner, log);
    await runner.caughtUp();
    const live = metricsFromFacts(runner.state("petitionFacts"), HAND_PERIOD);
    expect(live).toEqual(await computeMetrics(log, HAND_PERIOD));
    // Not only equal to the replay: equal to the hand-worked numbers (metrics.test.ts).
    expect(live.rates.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });
    expect(live.rates.repeat).toMatchObject({ numerator: 1, denominator: 11 });
    await runner.stop();
  });

  it("stops a projection whose apply throws and reports it from caughtUp", async () => {
    const store = new MemoryEventStore({ clock });
    const errors: string[] = [];
    const runner = new ProjectionRunner({
      store,
      async: [counting(1, "PetitionAccepted").projection],
      onError: (name) => errors.push(name),
    });
    await runner.start();
    await appendAll(runner, log.slice(0, 5));
    await expect(runner.caughtUp()).rejects.toThrow("cannot fold PetitionAccepted");
    expect(errors).toEqual(["counting"]);
    // It stopped on the third event (P1's acceptance): two were folded.
    expect(runner.state("counting")).toEqual({ count: 2, last: 2 });
    await runner.stop();
  });
});

describe("ProjectionRunner.stateAsOf", () => {
  it("equals a replay of only the events that occurred up to that moment", async () => {
    const store = new MemoryEventStore({ clock });
    const runner = new ProjectionRunner({ store, inline: [petitionFactsProjection] });
    await runner.start();
    await appendAll(runner, log);
    const asOf = "2024-01-26T00:00:00+08:00";
    const past = await runner.stateAsOf<PetitionFactsState>("petitionFacts", asOf);
    const prefix = log.filter((e) => Date.parse(e.occurredAt) <= Date.parse(asOf));
    expect(prefix.length).toBeLessThan(log.length);
    expect(metricsFromFacts(past, { asOf })).toEqual(
      metricsFromFacts(await replay(petitionFactsProjection, prefix), { asOf }),
    );
    // …and differs from the present: P1 was still open then.
    expect(metricsFromFacts(past, { asOf }).counts.open).not.toBe(
      metricsFromFacts(runner.state("petitionFacts"), { asOf: HAND_PERIOD.asOf }).counts.open,
    );
  });

  it("rejects a projection it does not run, naming it", () => {
    const runner = new ProjectionRunner({ store: new MemoryEventStore({ clock }) });
    expect(() => runner.state("nope")).toThrow('no projection named "nope"');
  });
});
