import {
  CanonicalJsonError,
  ChainVerifier,
  canonicalJson,
  defaultRegistry,
  parseLog,
  sealLog,
} from "@petitio/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLog } from "../log-builder.js";
import { fuzzRuns, hostileLineArb, hostileValueArb, typedFailure } from "./fuzz-support.js";

const at = "2025-03-03T09:00:00+08:00";
const valid = sealLog(
  buildLog([
    {
      petitionId: "F1",
      type: "PetitionRegistered",
      occurredAt: at,
      actor: { id: "c", role: "intake", org: "bureau" },
      data: {
        petitionId: "F1",
        channel: "letter",
        anonymous: false,
        petitioners: [{ name: "pii:v1:s:AAAA" }],
        title: "标题",
        content: "内容",
        category: "claim",
        receivedAt: at,
        registeredBy: "bureau",
        routingDueAt: "2025-03-18T23:59:59+08:00",
      },
    },
    {
      petitionId: "F1",
      type: "SatisfactionEvaluated",
      occurredAt: at,
      data: { rating: "satisfied" },
    },
    { petitionId: "F1", type: "CustomNote", occurredAt: at, data: { note: "x" } },
  ]),
);
const validLines = valid.map((e) => JSON.stringify(e));

async function* chunks(...texts: string[]) {
  for (const t of texts) yield t;
}

describe("fuzz: log lines", () => {
  it("parseLog gives envelopes or a typed error naming a line, for any line", async () => {
    await fc.assert(
      fc.asyncProperty(hostileLineArb(validLines), async (line) => {
        const failure = await typedFailure(async () => {
          for await (const _ of parseLog(chunks(`${line}\n`))) {
            // drain
          }
        });
        if (failure) expect(failure.message).toMatch(/^line \d+: /);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  }, 60_000);

  it("the registry decodes any value or refuses it with a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(hostileValueArb(), async (value) => {
        await typedFailure(() => defaultRegistry.decode(value, { line: 1 }));
      }),
      { numRuns: fuzzRuns(2000) },
    );
  }, 60_000);

  it("canonicalJson gives a string or a CanonicalJsonError, and the chain verifier never throws", () => {
    fc.assert(
      fc.property(fc.array(hostileValueArb(), { maxLength: 6 }), (values) => {
        for (const v of values) {
          try {
            expect(typeof canonicalJson(v)).toBe("string");
          } catch (error) {
            expect(error).toBeInstanceOf(CanonicalJsonError);
          }
        }
        const verifier = new ChainVerifier({ hash: "0".repeat(64), position: 3 });
        values.forEach((v, i) => {
          try {
            verifier.push(i + 1, v);
          } catch (error) {
            // A line whose fields cannot be hashed is a typed error, never a crash.
            expect(error).toBeInstanceOf(CanonicalJsonError);
          }
        });
        const report = verifier.finish();
        expect(report.sealed + report.unsealed).toBeLessThanOrEqual(values.length);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  }, 60_000);

  it("parseLog survives lines split at any byte, including inside a character", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 4 }), async (cuts) => {
        const bytes = Buffer.from(`${validLines.join("\n")}\n`, "utf8");
        const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
        const parts: Buffer[] = [];
        let from = 0;
        for (const p of points) {
          parts.push(bytes.subarray(from, p));
          from = p;
        }
        parts.push(bytes.subarray(from));
        const read = [];
        for await (const e of parseLog(chunks(...parts.map((p) => p as unknown as string))))
          read.push(e);
        expect(read).toHaveLength(validLines.length);
      }),
      { numRuns: fuzzRuns(500) },
    );
  }, 60_000);
});
