import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../test/worked-example.js";
import type { EventEnvelope } from "../events/envelope.js";
import { readLogFile } from "../log/jsonl.js";
import { checkEvent } from "./check-event.js";
import { evolve } from "./evolve.js";
import type { Violation } from "./rules.js";
import type { PetitionState } from "./state.js";

/** The committed worked example and its one-violation variant, written to a temporary folder. */
const examples = writeWorkedExamples(mkdtempSync(join(tmpdir(), "petitio-worked-")));

const verifyFile = async (path: string) => {
  const states = new Map<string, PetitionState>();
  const found: { line: number; violations: Violation[] }[] = [];
  let line = 0;
  for await (const event of readLogFile(path) as AsyncIterable<EventEnvelope>) {
    line++;
    const before = states.get(event.streamId);
    const violations = checkEvent(before, event);
    if (violations.length > 0) found.push({ line, violations });
    states.set(event.streamId, evolve(before, event));
  }
  return { found, states };
};

describe("worked examples", () => {
  it("metrics-sample.log.jsonl is legal throughout", async () => {
    const { found, states } = await verifyFile(examples.sample);
    expect(found).toEqual([]);
    expect(states.size).toBe(1300);
    const statuses = new Set([...states.values()].map((s) => s.status));
    expect([...statuses].sort()).toEqual(["concluded", "merged"]);
  });

  it("verify-late-review.log.jsonl has one violation: the review requested late on line 66 (W22 Art. 35)", async () => {
    const { found } = await verifyFile(examples.lateReview);
    expect(found).toEqual([
      {
        line: 66,
        violations: [
          expect.objectContaining({ rule: "review request window", article: "W22 Art. 35" }),
        ],
      },
    ]);
  });
});
