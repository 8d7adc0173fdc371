import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { envelopeSchema, isoDateTime } from "./envelope.js";
import { envelopeLooksValid, isIsoDateTime } from "./envelope-check.js";

const runs = Number(process.env.PETITIO_PROPERTY_RUNS ?? 300);

const valid = {
  position: 3,
  streamId: "petition-1",
  version: 1,
  type: "PetitionWithdrawn",
  schemaVersion: 1,
  occurredAt: "2024-02-29T10:00:00+08:00",
  recordedAt: "2024-02-29T10:00:00.123Z",
  actor: { id: "p-1", role: "petitioner" },
  data: {},
  meta: { correlationId: "c-1", extra: 1 },
};

/** Values around the edges of every envelope rule. */
const fieldValue = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    1.5,
    2 ** 53,
    "",
    "x",
    null,
    [],
    {},
    "2024-02-30T10:00:00Z",
    "2023-02-29T10:00:00Z",
    "2024-02-29T23:59:59+23:59",
    "2024-01-01T24:00:00Z",
    "2024-01-01T10:00:00+0800",
    "2024-01-01T10:00:00",
    "petitioner",
    "robot",
    { id: "a", role: "intake" },
    { id: "", role: "intake" },
    { id: "a", role: "intake", org: "" },
    { correlationId: 5 },
  ),
  fc.string(),
  fc.integer(),
);
const key = fc.constantFrom(...Object.keys(valid), "actor.role", "meta.idempotencyKey");

describe("envelopeLooksValid: the fast path never accepts what zod rejects", () => {
  it("agrees with zod on valid envelopes", () => {
    expect(envelopeLooksValid(valid)).toBe(true);
    expect(envelopeSchema.safeParse(valid).success).toBe(true);
  });

  it("property: fast accept ⇒ zod accept, for envelopes with one or two fields broken", () => {
    // The implication only proves something when the fast path says "valid":
    // count those cases so a generator drift cannot leave it vacuous.
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fieldValue), { minLength: 1, maxLength: 2 }), (edits) => {
        const raw = structuredClone(valid) as Record<string, Record<string, unknown> | unknown>;
        for (const [k, v] of edits) {
          const [head, tail] = k.split(".");
          if (tail) (raw[head!] as Record<string, unknown>)[tail] = v;
          else raw[head!] = v;
        }
        if (envelopeLooksValid(raw)) {
          accepted++;
          expect(envelopeSchema.safeParse(raw).success).toBe(true);
        } else rejected++;
      }),
      { seed: 20261128, numRuns: runs },
    );
    expect(accepted).toBeGreaterThanOrEqual(Math.ceil(runs / 20));
    expect(rejected).toBeGreaterThanOrEqual(Math.ceil(runs / 2));
  });

  it("property: date-times it accepts, zod accepts", () => {
    const digits = (n: number) =>
      fc.integer({ min: 0, max: 10 ** n - 1 }).map((x) => String(x).padStart(n, "0"));
    const candidate = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        fc.constantFrom("Z", "+08:00", "-05:00", "+23:59", "+24:00"),
      )
      .map(([y, mo, d, h, mi, s, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${z}`);
    // Uniform digits almost never make a real date (about 1 in 130), so half the
    // cases stay near the calendar's edges: months 00–13, days 27–32, hours 22–24.
    const near = (min: number, max: number) =>
      fc.integer({ min, max }).map((x) => String(x).padStart(2, "0"));
    const plausible = fc
      .tuple(
        fc.constantFrom("1900", "2000", "2023", "2024", "2100"),
        near(0, 13),
        fc.oneof(near(1, 3), near(27, 32)),
        near(22, 24),
        near(58, 60),
        near(58, 60),
        fc.constantFrom("Z", "+08:00", "-05:00", "+23:59", "+24:00", ".5Z", ".123+08:00"),
      )
      .map(([y, mo, d, h, mi, s, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${z}`);
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(candidate, plausible), (text) => {
        if (isIsoDateTime(text)) {
          accepted++;
          expect(isoDateTime.safeParse(text).success).toBe(true);
        }
      }),
      { seed: 20261128, numRuns: runs * 10 },
    );
    expect(accepted).toBeGreaterThanOrEqual(runs / 2);
  });

  it("still names the failing field through zod", async () => {
    const { defaultRegistry } = await import("./registry.js");
    expect(() =>
      defaultRegistry.decode({ ...valid, occurredAt: "2023-02-29T10:00:00Z" }, { line: 7 }),
    ).toThrow(/line 7: invalid event envelope: occurredAt/);
  });

  it("property: the character-by-character reader agrees with zod both ways, on mutated date-times", () => {
    const base = fc.constantFrom(
      "2024-02-29T10:00:00+08:00",
      "2023-12-31T23:59:59Z",
      "2000-02-29T00:00:00.123-05:00",
      "1900-02-28T12:30:45.5Z",
    );
    const alphabet = fc.constantFrom(..."0123456789-:+.TZ ta/".split(""));
    const mutated = fc
      .tuple(base, fc.array(fc.tuple(fc.nat(30), alphabet, fc.boolean()), { maxLength: 2 }))
      .map(([text, edits]) => {
        let out = text;
        for (const [at, ch, insert] of edits) {
          const i = at % (out.length + 1);
          out = out.slice(0, i) + ch + out.slice(insert ? i : i + 1);
        }
        return out;
      });
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        const ours = isIsoDateTime(text);
        if (ours) accepted++;
        else rejected++;
        expect(ours, text).toBe(isoDateTime.safeParse(text).success);
      }),
      { seed: 20261201, numRuns: runs * 10 },
    );
    expect(accepted).toBeGreaterThan(runs / 2);
    expect(rejected).toBeGreaterThan(runs / 2);
  });
});
