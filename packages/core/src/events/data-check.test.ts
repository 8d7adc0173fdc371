import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CATEGORIES,
  CHANNELS,
  CONCLUSION_REASONS,
  DECISION_OUTCOMES,
  eventDataSchemas,
  RATINGS,
  RECOMMENDATION_KINDS,
  REDIRECT_CHANNELS,
  REPLY_OUTCOMES,
  STAGES,
} from "./catalog.js";
import { compileAcceptCheck } from "./data-check.js";
import { defaultRegistry } from "./registry.js";

const runs = Number(process.env.PETITIO_PROPERTY_RUNS ?? 200);

/** Values at the edges of every rule the catalog uses, and enough valid ones for each field. */
const POOL: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "org-1",
  " ",
  0,
  1,
  5,
  6,
  30,
  31,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  -91,
  45.5,
  true,
  false,
  [],
  ["x"],
  [1],
  [{ name: "张三" }],
  [{ name: 5 }],
  {},
  { region: "鼓楼区", lat: 26.1, lng: 119.3 },
  { lat: 100 },
  "2024-02-29T10:00:00+08:00",
  "2023-02-29T10:00:00+08:00",
  "2024-01-01T10:00:00Z",
  "2024-01-01T10:00:00",
  "2024-01-01T24:00:00Z",
  "2024-01-01T10:00:00.5+08:00",
  "transfer",
  "assign",
  "agreement",
  ...CHANNELS,
  ...CATEGORIES,
  ...STAGES,
  ...REDIRECT_CHANNELS,
  ...REPLY_OUTCOMES,
  ...DECISION_OUTCOMES,
  ...RATINGS,
  ...CONCLUSION_REASONS,
  ...RECOMMENDATION_KINDS,
];

const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> =>
  (schema as unknown as { _zod: { def: { shape: Record<string, z.ZodType> } } })._zod.def.shape;

/** Data for one type: each field mostly a value its own schema takes, sometimes any edge value. */
const dataFor = (schema: z.ZodType) => {
  const shape = shapeOf(schema);
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => {
      const good = POOL.filter((v) => field.safeParse(v).success);
      const any = fc.constantFrom(...POOL);
      return [
        key,
        good.length > 0
          ? fc.oneof(
              { weight: 12, arbitrary: fc.constantFrom(...good) },
              { weight: 1, arbitrary: any },
            )
          : any,
      ];
    }),
  );
  return fc.tuple(fc.record(fields), fc.boolean()).map(([data, extra]) =>
    // Loose objects keep unknown fields: add one now and then.
    extra ? { ...data, addedByANewerWriter: 1 } : data,
  );
};

describe("precompiled data checks", () => {
  it("compile for every catalog type, so replay never needs zod for valid data", () => {
    for (const [type, schema] of Object.entries(eventDataSchemas)) {
      expect(compileAcceptCheck(schema), type).toBeTypeOf("function");
    }
  });

  it.each(Object.entries(eventDataSchemas))(
    "property: %s — fast accept ⇒ zod accept, and they agree",
    (_type, schema) => {
      const accepts = compileAcceptCheck(schema)!;
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(dataFor(schema), (data) => {
          const zodSays = schema.safeParse(data).success;
          if (accepts(data)) {
            accepted++;
            expect(zodSays).toBe(true);
          } else {
            rejected++;
            // Every construct of the catalog is understood exactly: no "not sure".
            expect(zodSays).toBe(false);
          }
        }),
        { seed: 20261201, numRuns: runs },
      );
      // Neither side may be vacuous.
      expect(accepted).toBeGreaterThan(runs / 20);
      expect(rejected).toBeGreaterThan(0);
    },
  );

  it("follows a refinement: an anonymous petition with petitioners is not accepted", () => {
    const accepts = compileAcceptCheck(eventDataSchemas.PetitionRegistered)!;
    const data = {
      petitionId: "p-1",
      channel: "online",
      anonymous: true,
      petitioners: [{ name: "李四" }],
      title: "t",
      content: "c",
      category: "claim",
      receivedAt: "2024-01-01T10:00:00+08:00",
      registeredBy: "org-1",
      routingDueAt: "2024-01-08T10:00:00+08:00",
    };
    expect(accepts(data)).toBe(false);
    expect(accepts({ ...data, petitioners: [] })).toBe(true);
  });

  it("gives up (undefined) on what it does not understand, so zod decides", () => {
    expect(compileAcceptCheck(z.string().regex(/^a/))).toBeUndefined();
    expect(compileAcceptCheck(z.string().transform((s) => s.length))).toBeUndefined();
    expect(compileAcceptCheck(z.looseObject({ a: z.date() }))).toBeUndefined();
    expect(
      compileAcceptCheck(z.object({ a: z.string() }).refine((d) => d.a !== "b")),
    ).toBeUndefined();
  });

  it("rejects extra keys of a strict object and takes them in a loose one", () => {
    const strict = compileAcceptCheck(z.strictObject({ a: z.string() }))!;
    const loose = compileAcceptCheck(z.looseObject({ a: z.string() }))!;
    expect(strict({ a: "x" })).toBe(true);
    expect(strict({ a: "x", b: 1 })).toBe(false);
    expect(loose({ a: "x", b: 1 })).toBe(true);
    expect(loose(["x"])).toBe(false);
  });

  it("is what the registry uses: bad data still fails with zod's field names", () => {
    const envelope = {
      position: 1,
      streamId: "petition-p-1",
      version: 1,
      type: "PetitionConcluded",
      schemaVersion: 1,
      occurredAt: "2024-01-01T10:00:00+08:00",
      recordedAt: "2024-01-01T10:00:00+08:00",
      actor: { id: "a", role: "system" },
      data: { reason: "resolved" },
    };
    expect(defaultRegistry.decode(envelope)).toBe(envelope);
    expect(() => defaultRegistry.decode({ ...envelope, data: { reason: "bored" } })).toThrow(
      /data\.reason/,
    );
  });
});
