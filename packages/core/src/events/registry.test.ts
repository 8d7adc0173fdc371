import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EventTypeConflictError,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  ValidationError,
} from "../errors.js";
import { eventDataSchemas, RATINGS } from "./catalog.js";
import { defineUpcaster, EventRegistry } from "./registry.js";

const envelope = (over: Record<string, unknown> = {}) => ({
  position: 1,
  streamId: "petition-1",
  version: 1,
  type: "SatisfactionEvaluated",
  schemaVersion: 1,
  occurredAt: "2024-01-01T10:00:00+08:00",
  recordedAt: "2024-01-01T10:00:00+08:00",
  actor: { id: "p1", role: "petitioner" },
  data: { rating: "basicallySatisfied" },
  ...over,
});

/** v2 adds a 1–5 score; v1 ratings map onto it. */
const satisfactionV2 = z.looseObject({
  rating: z.enum(RATINGS),
  score: z.int().min(1).max(5),
});
const scoreOf = { satisfied: 5, basicallySatisfied: 4, unsatisfied: 2 } as const;

const registryWithV2 = () =>
  new EventRegistry().registerType("SatisfactionEvaluated", satisfactionV2, 2).registerUpcaster(
    defineUpcaster({
      type: "SatisfactionEvaluated",
      fromVersion: 1,
      from: eventDataSchemas.SatisfactionEvaluated,
      to: satisfactionV2,
      upcast: (data) => ({ ...data, score: scoreOf[data.rating] }),
    }),
  );

describe("EventRegistry schema versions", () => {
  it("upcasts a stored v1 event to v2 data on decode", () => {
    const registry = registryWithV2();
    const decoded = registry.decode(envelope());
    expect(decoded.schemaVersion).toBe(2);
    expect(decoded.data).toEqual({ rating: "basicallySatisfied", score: 4 });
    expect(registry.currentVersion("SatisfactionEvaluated")).toBe(2);
  });

  it("reads a v2 event as it is, and validates it against v2", () => {
    const registry = registryWithV2();
    const v2 = envelope({ schemaVersion: 2, data: { rating: "satisfied", score: 5 } });
    expect(registry.decode(v2)).toBe(v2);
    const bad = envelope({ schemaVersion: 2, data: { rating: "satisfied", score: 9 } });
    const error = (() => {
      try {
        registry.decode(bad, { line: 7 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("data.score");
    expect((error as ValidationError).line).toBe(7);
  });

  it("refuses a schema version newer than the registry knows", () => {
    const registry = registryWithV2();
    expect(() => registry.decode(envelope({ schemaVersion: 3 }))).toThrow(
      UnsupportedSchemaVersionError,
    );
    expect(() => new EventRegistry().decode(envelope({ schemaVersion: 2 }))).toThrow(
      /schemaVersion 2, but only 1\.\.1/,
    );
  });

  it("refuses an old version with no upcaster path", () => {
    const registry = new EventRegistry().registerType("SatisfactionEvaluated", satisfactionV2, 2);
    expect(() => registry.decode(envelope())).toThrow(UnsupportedSchemaVersionError);
  });

  it("requires a new version to be above the current one", () => {
    const register = () => new EventRegistry().registerType("ReplyIssued", z.looseObject({}), 1);
    expect(register).toThrow(EventTypeConflictError);
    expect(register).toThrow(
      "ReplyIssued is already at schemaVersion 1; a new schema needs version 2, not 1",
    );
  });

  it("keeps an unknown type by default and rejects it under strictTypes", () => {
    const registry = new EventRegistry();
    const custom = envelope({ type: "CityDashboardNoted", data: { tile: "roads" } });
    expect(registry.decode(custom)).toBe(custom);
    expect(() => registry.decode(custom, { strictTypes: true, line: 4 })).toThrow(
      new UnknownEventTypeError("CityDashboardNoted", 4),
    );
  });

  it("accepts a custom type once registered, and validates its data", () => {
    const registry = new EventRegistry().registerType(
      "CityDashboardNoted",
      z.looseObject({ tile: z.string().min(1) }),
    );
    expect(registry.isKnown("CityDashboardNoted")).toBe(true);
    expect(() => registry.validateData("CityDashboardNoted", { tile: "" })).toThrow(
      ValidationError,
    );
    expect(() => registry.validateData("CityDashboardNoted", { tile: "roads" })).not.toThrow();
    // Registered, it passes strictTypes, and decode checks its data too, naming the field.
    const custom = envelope({ type: "CityDashboardNoted", data: { tile: "roads" } });
    expect(registry.decode(custom, { strictTypes: true })).toBe(custom);
    const blank = envelope({ type: "CityDashboardNoted", data: { tile: "" } });
    expect(() => registry.decode(blank, { strictTypes: true })).toThrow(/data\.tile/);
  });

  it("names the envelope field that is wrong", () => {
    const error = (() => {
      try {
        new EventRegistry().decode(envelope({ actor: { id: "p1", role: "mayor" } }), { line: 2 });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error?.field).toBe("actor.role");
    expect(error?.message).toMatch(/^line 2: /);
  });
});
