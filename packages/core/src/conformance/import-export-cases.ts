import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { serializeEnvelope, writeLog } from "../log/jsonl.js";
import type { EventStore } from "../store/event-store.js";
import { collect, expectError, note, positionsOf, registered, rejectionOf } from "./fixtures.js";
import type { Harness } from "./harness.js";

/** The whole log as canonical JSONL text, written with core's writer. */
const exportText = async (store: EventStore): Promise<string> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeLog(store.readAll({ batchSize: 7 }), out);
  out.end();
  return Buffer.concat(chunks).toString("utf8");
};

/** A log as another store (or an older version) might have written it. */
const foreignLog = (): EventEnvelope[] => {
  const envelope = (position: number, streamId: string, version: number, extra: object = {}) =>
    ({
      position,
      streamId,
      version,
      type: "MediationRecorded",
      schemaVersion: 1,
      occurredAt: "2023-05-04T10:00:00+08:00",
      recordedAt: `2023-05-04T10:0${version}:00.123+08:00`,
      actor: { id: "officer-9", role: "agency", org: "街道办" },
      data: { outcome: "agreement", note: `第${position}条`, addedByNewerWriter: { x: 1 } },
      ...extra,
    }) as EventEnvelope;
  return [
    envelope(3, "petition-x", 1, { meta: { correlationId: "c-1", channelRef: "12345-998" } }),
    envelope(7, "petition-y", 1, { sourceSystem: "hotline-v2" }),
    envelope(12, "petition-x", 2),
    { ...envelope(15, "custom-1", 1), type: "CityDashboardNoted", data: { tile: "roads" } },
  ];
};

/** Export and import of JSONL: the log moves between stores byte for byte. */
export const importExportCases = (h: Harness): void => {
  describe("import and export", () => {
    it("export → import into a fresh store → export gives identical bytes", async () => {
      const source = h.store();
      await source.append("petition-1", [registered("1"), note("一")], {
        expectedVersion: "noStream",
      });
      await source.append(
        "petition-2",
        [{ ...note("二"), meta: { correlationId: "c-2", extra: [1] } }],
        {
          expectedVersion: "noStream",
        },
      );
      await source.append("petition-1", [note("三")], { expectedVersion: 2 });
      const first = await exportText(source);
      expect(first.split("\n").filter(Boolean)).toHaveLength(4);

      const target = await h.another();
      // Streamed straight from one store into the other.
      const imported = await target.importEvents(source.readAll({ batchSize: 3 }));
      expect(imported).toEqual({ imported: 4, lastPosition: 4 });
      expect(await exportText(target)).toBe(first);
    });

    it("import keeps positions (gaps included), versions, recordedAt, meta and unknown fields", async () => {
      const store = h.store();
      const log = foreignLog();
      const result = await store.importEvents(log);
      expect(result).toEqual({ imported: 4, lastPosition: 15 });
      const stored = await collect(store.readAll());
      expect(stored.map(serializeEnvelope)).toEqual(log.map(serializeEnvelope));
      expect(await exportText(store)).toBe(log.map((e) => `${serializeEnvelope(e)}\n`).join(""));
      expect(positionsOf(await store.readStream("petition-x"))).toEqual([3, 12]);
      expect(await store.headPosition()).toBe(15);
      // New appends continue above the imported head and after the imported version.
      const next = await store.append("petition-x", [note("after import")], { expectedVersion: 2 });
      expect(next.events[0]).toMatchObject({ position: 16, version: 3 });
      // And a re-export of the lot imports again into a fresh store, byte for byte.
      const copy = await h.another();
      await copy.importEvents(await collect(store.readAll()));
      expect(await exportText(copy)).toBe(await exportText(store));
    });

    it("rejects a version gap with LogOrderError naming the line and field, leaving that batch out", async () => {
      const store = h.store();
      const log = foreignLog();
      const gap = [...log.slice(0, 2), { ...log[2]!, version: 3 }, log[3]!];
      const error = await rejectionOf(store.importEvents(gap, { batchSize: 2 }));
      expectError(error, "LOG_OUT_OF_ORDER", { line: 3, field: "version" });
      // The first batch (lines 1–2) was committed; the batch with the gap was not.
      expect(positionsOf(await collect(store.readAll()))).toEqual([3, 7]);
      expect(await store.headPosition()).toBe(7);
      expect(await store.streamVersion("petition-x")).toBe(1);
    });

    it("rejects positions not above the head, or not increasing, leaving the store as it was", async () => {
      const store = h.store();
      await store.append("petition-1", [registered("1"), note("a"), note("b")], {
        expectedVersion: "noStream",
      });
      const before = await exportText(store);
      const log = foreignLog();
      const belowHead = await rejectionOf(store.importEvents([{ ...log[0]!, position: 2 }]));
      expectError(belowHead, "LOG_OUT_OF_ORDER", { line: 1, field: "position" });
      const notIncreasing = await rejectionOf(
        store.importEvents([
          { ...log[0]!, position: 10 },
          { ...log[1]!, position: 10 },
        ]),
      );
      expectError(notIncreasing, "LOG_OUT_OF_ORDER", { line: 2, field: "position" });
      expect(await exportText(store)).toBe(before);
    });

    it("rejects an invalid envelope with ValidationError naming the line and field", async () => {
      const store = h.store();
      const log = foreignLog();
      const bad = { ...log[1]!, data: { ...log[1]!.data, outcome: "maybe" } };
      const error = await rejectionOf(store.importEvents([log[0]!, bad]));
      expectError(error, "VALIDATION_FAILED", { line: 2 });
      expect((error as { field: string }).field).toBe("data.outcome");
      expect(await store.headPosition()).toBe(0);
    });

    it("an import continues streams that already exist in the store", async () => {
      const store = h.store();
      await store.append("petition-x", [note("local")], { expectedVersion: "noStream" });
      const log = foreignLog();
      const error = await rejectionOf(store.importEvents([{ ...log[0]!, position: 5 }]));
      expectError(error, "LOG_OUT_OF_ORDER", { line: 1, field: "version" });
      await store.importEvents([{ ...log[0]!, position: 5, version: 2 }]);
      expect((await store.readStream("petition-x")).map((e) => e.version)).toEqual([1, 2]);
    });
  });
};
