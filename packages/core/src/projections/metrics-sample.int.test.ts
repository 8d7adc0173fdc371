import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createGunzip, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { parseLog } from "../log/jsonl.js";
import { computeMetrics } from "./metrics.js";

/**
 * The acceptance example of /work/shared/examples (copied, gzipped, into
 * test/fixtures): the expected numbers were computed independently of Petitio.
 */
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

const readSample = async (): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  const gunzipped = createReadStream(fixture("metrics-sample.log.jsonl.gz")).pipe(createGunzip());
  for await (const event of parseLog(gunzipped)) events.push(event);
  return events;
};

/** sha256 of /work/shared/examples/metrics-sample.log.jsonl (4,803,905 bytes, 7,616 lines). */
const SAMPLE_SHA256 = "bfd0cd8596d34488855207b38148530ecde59264e4a68428d91f094ccb599d36";

interface Expected {
  asOf: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  rates: Record<string, { numerator: number; denominator: number; value: number | null }>;
}

describe("metrics-sample.log.jsonl", () => {
  it("is the unmodified shared example", () => {
    const raw = readFileSync(fixture("metrics-sample.log.jsonl.gz"));
    const text = gunzipSync(raw);
    expect(text.length).toBe(4_803_905);
    expect(createHash("sha256").update(text).digest("hex")).toBe(SAMPLE_SHA256);
  });

  it("gives exactly every numerator and denominator of metrics-sample.expected.json", async () => {
    const expected = JSON.parse(
      readFileSync(fixture("metrics-sample.expected.json"), "utf8"),
    ) as Expected;
    const report = await computeMetrics(await readSample(), {
      asOf: expected.asOf,
      from: expected.from,
      to: expected.to,
    });
    expect(report.asOf).toBe(expected.asOf);
    for (const [name, count] of Object.entries(expected.counts)) {
      expect(report.counts[name as keyof typeof report.counts], name).toBe(count);
    }
    for (const [name, rate] of Object.entries(expected.rates)) {
      const got = report.rates[name as keyof typeof report.rates];
      expect({ name, numerator: got.numerator, denominator: got.denominator }).toEqual({
        name,
        numerator: rate.numerator,
        denominator: rate.denominator,
      });
      expect(got.value).toBeCloseTo(rate.value ?? Number.NaN, 12);
    }
  });
});
