import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { serializeEnvelope } from "../log/jsonl.js";
import {
  EVENT_COLUMNS,
  type EventRowValues,
  envelopeToRowValues,
  rowValuesToEnvelope,
} from "./event-rows.js";

const envelope = {
  position: 7,
  streamId: "petition-P-1",
  version: 2,
  type: "PetitionRouted",
  schemaVersion: 1,
  occurredAt: "2024-03-02T09:00:00+08:00",
  recordedAt: "2024-03-02T09:00:01+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
  data: { toOrg: "org-x", mode: "transfer", acceptanceDueAt: "2024-03-22T23:59:59+08:00" },
  meta: { correlationId: "c-1" },
  source: { system: "legacy", ticket: "A-1" },
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
} as EventEnvelope;

describe("event rows (shared by the SQLite and PostgreSQL stores)", () => {
  it("stores each part in its column, fields outside the contract in extra", () => {
    const row = envelopeToRowValues(envelope);
    expect(row).toHaveLength(EVENT_COLUMNS.split(", ").length);
    expect(row.slice(0, 7)).toEqual([
      7,
      "petition-P-1",
      2,
      "PetitionRouted",
      1,
      "2024-03-02T09:00:00+08:00",
      "2024-03-02T09:00:01+08:00",
    ]);
    expect(JSON.parse(row[8])).toEqual(envelope.data);
    expect(JSON.parse(row[10]!)).toEqual({ source: { system: "legacy", ticket: "A-1" } });
    expect([row[11], row[12]]).toEqual(["a".repeat(64), "b".repeat(64)]);
  });

  it("reads a row back to an envelope that serialises to the same bytes", () => {
    const back = rowValuesToEnvelope(envelopeToRowValues(envelope));
    expect(serializeEnvelope(back)).toBe(serializeEnvelope(envelope));
    expect(Object.keys(back).slice(-2)).toEqual(["prevHash", "hash"]);
  });

  it("leaves absent parts null and adds nothing for them on the way back", () => {
    const {
      meta: _m,
      source: _s,
      prevHash: _p,
      hash: _h,
      ...bare
    } = envelope as EventEnvelope & {
      source: unknown;
      prevHash: string;
      hash: string;
    };
    const row: EventRowValues = envelopeToRowValues(bare as EventEnvelope);
    expect(row.slice(9)).toEqual([null, null, null, null]);
    expect(rowValuesToEnvelope(row)).toEqual(bare);
  });
});
