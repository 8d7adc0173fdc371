import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { chainHash, GENESIS_HASH } from "../integrity/chain.js";
import { ChainVerifier } from "../integrity/chain-verifier.js";
import { collect, expectError, note, range, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

type Sealed = EventEnvelope & { prevHash: string; hash: string };

/** The hash chain (docs/log-integrity.md): sealed in the append transaction, checked on import. */
export const chainCases = (h: Harness): void => {
  describe("hash chain", () => {
    it("every appended event is sealed after the one before it, across concurrent appends", async () => {
      const store = h.store();
      await store.append("a", [note("1"), note("2")], { expectedVersion: "any" });
      await Promise.all(
        range(8).map((i) => store.append(`s${i}`, [note(`c${i}`)], { expectedVersion: "any" })),
      );
      const events = (await collect(store.readAll())) as Sealed[];
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      events.forEach((event, i) => {
        if (i > 0) expect(event.prevHash).toBe(events[i - 1]!.hash);
        expect(chainHash(event.prevHash, event)).toBe(event.hash);
      });
      const verifier = new ChainVerifier();
      events.forEach((event, i) => verifier.push(i + 1, JSON.parse(JSON.stringify(event))));
      expect(verifier.finish().breaks).toEqual([]);
      // What an append returns is what is stored.
      const [again] = await Promise.all([store.append("a", [note("3")], { expectedVersion: 2 })]);
      expect(again!.events).toEqual(await store.readStream("a", { fromVersion: 3 }));
    });

    it("import keeps the hashes it is given and continues the chain after them", async () => {
      const source = h.store();
      await source.append("a", [note("1"), note("2")], { expectedVersion: "any" });
      const exported = (await collect(source.readAll())) as Sealed[];
      const target = await h.another();
      await target.importEvents(exported);
      expect(await collect(target.readAll())).toEqual(exported);
      const next = (await target.append("a", [note("3")], { expectedVersion: 2 }))
        .events[0] as Sealed;
      expect(next.prevHash).toBe(exported[1]!.hash);
    });

    it("import refuses an edited, a removed or a reordered event", async () => {
      const source = h.store();
      await source.append("a", [note("1"), note("2"), note("3")], { expectedVersion: "any" });
      const exported = (await collect(source.readAll())) as Sealed[];
      const edited = exported.map((e, i) =>
        i === 1 ? { ...e, data: { ...e.data, note: "changed" } } : e,
      );
      const target = await h.another();
      expectError(await rejectionOf(target.importEvents(edited)), "LOG_OUT_OF_ORDER", {
        line: 2,
        field: "hash",
      });
      // The first event alone is fine; the third after it lacks the second.
      const removed = [exported[0]!, { ...exported[2]!, position: 2, version: 2 }];
      expectError(await rejectionOf(target.importEvents(removed)), "LOG_OUT_OF_ORDER", {
        field: "prevHash",
      });
      expect(await target.headPosition()).toBe(0);
    });
  });
};
