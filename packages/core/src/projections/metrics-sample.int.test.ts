import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { WORKED_EXAMPLE_EXPECTED, WORKED_EXAMPLE_GZ } from "../../test/worked-example.js";
import type { EventEnvelope } from "../events/envelope.js";
import { parseLog } from "../log/jsonl.js";
import { computeMetrics } from "./metrics.js";

/**
 * The worked example of the log format (test/fixtures, gzipped), an acceptance
 * test: its expected numbers were computed independently of Petitio.
 */
const readSample = async (): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  const gunzipped = createReadStream(WORKED_EXAMPLE_GZ).pipe(createGunzip());
  for await (const event of parseLog(gunzipped)) events.push(event);
  return events;
};

/**
 * The worked example with its texts rewritten (test/fixtures/write-sample-texts.mjs):
 * the same ids, times, topics and steps, none of the real citizens' words.
 */
const SAMPLE_SHA256 = "2a4ab8b23a47eabdafdbfea7b839f6d7879d8de51735d31a6ad8e617ce904ecd";

/** The original worked example with its source texts, where a checkout has it (not in a fresh clone). */
const SHARED = resolve(
  process.env.PETITIO_EXAMPLES ??
    fileURLToPath(new URL("../../../../../shared/examples", import.meta.url)),
);
const HAS_SHARED = existsSync(resolve(SHARED, "metrics-sample.log.jsonl"));

/** An event without the texts the fixture rewrote. */
const withoutTexts = (event: EventEnvelope): unknown => {
  const {
    title: _t,
    content: _c,
    summary: _s,
    petitioners: _p,
    ...data
  } = event.data as Record<string, unknown>;
  const actor = event.actor.role === "petitioner" ? { role: "petitioner" } : event.actor;
  return { ...event, actor, data };
};

interface Expected {
  asOf: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  rates: Record<string, { numerator: number; denominator: number; value: number | null }>;
}

describe("metrics-sample.log.jsonl", () => {
  it("is the worked example with written texts", () => {
    const text = gunzipSync(readFileSync(WORKED_EXAMPLE_GZ));
    expect(text.toString("utf8").split("\n").filter(Boolean)).toHaveLength(7_616);
    expect(createHash("sha256").update(text).digest("hex")).toBe(SAMPLE_SHA256);
  });

  it.runIf(HAS_SHARED)(
    "keeps every id, time, topic and step of the shared example, and none of its texts",
    async () => {
      const shared: EventEnvelope[] = [];
      for await (const e of parseLog(createReadStream(resolve(SHARED, "metrics-sample.log.jsonl"))))
        shared.push(e);
      const ours = await readSample();
      expect(ours.map(withoutTexts)).toEqual(shared.map(withoutTexts));
      const texts = (events: EventEnvelope[]) =>
        new Set(
          events.flatMap((e) => {
            const d = e.data as Record<string, unknown>;
            return [d.title, d.content, d.summary].filter(
              (v): v is string => typeof v === "string" && v.length >= 8,
            );
          }),
        );
      const theirs = texts(shared);
      expect([...texts(ours)].filter((t) => theirs.has(t))).toEqual([]);
      const expected = readFileSync(resolve(SHARED, "metrics-sample.expected.json"), "utf8");
      expect(JSON.parse(readFileSync(WORKED_EXAMPLE_EXPECTED, "utf8"))).toEqual(
        JSON.parse(expected),
      );
    },
  );

  it("gives exactly every numerator and denominator of metrics-sample.expected.json", async () => {
    const expected = JSON.parse(readFileSync(WORKED_EXAMPLE_EXPECTED, "utf8")) as Expected;
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
