import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeWorkedExamples } from "../../test/worked-example.js";
import { readLogFile } from "../log/jsonl.js";
import { dueAt, dueCounting } from "./legal-time.js";
import { definePolicy, type LimitName, nationalPolicy } from "./policy.js";

// The worked example stored its due times with plain calendar days and
// no last-day rollover. With lastDayRule "none" every one of them must come out
// of dueAt/dueCounting unchanged: the proof that the counting rules (Civil Code
// Art. 201: start day not counted; Art. 203: ends 23:59:59 local) match it.
const { sample } = writeWorkedExamples(mkdtempSync(join(tmpdir(), "petitio-due-")));

/** event type → [limit, field holding the start ("@" = occurredAt), field holding the stored due]. */
const STARTS: Record<string, [LimitName, string, string]> = {
  PetitionRegistered: ["routing", "receivedAt", "routingDueAt"],
  PetitionRouted: ["acceptance", "@", "acceptanceDueAt"],
  PetitionAccepted: ["handling", "@", "handlingDueAt"],
  ReplyIssued: ["reviewRequest", "deliveredAt", "reviewRequestDueAt"],
  ReviewRequested: ["review", "@", "reviewDueAt"],
  ReviewDecided: ["reexaminationRequest", "deliveredAt", "reexaminationRequestDueAt"],
  ReexaminationRequested: ["reexamination", "@", "reexaminationDueAt"],
};

describe("the worked example's stored due times", () => {
  it("are reproduced exactly with lastDayRule none", async () => {
    const plain = definePolicy(nationalPolicy, { id: "worked-example", lastDayRule: "none" });
    const handlingStart = new Map<string, string>();
    const mismatches: string[] = [];
    let checked = 0;
    for await (const event of readLogFile(sample)) {
      const data = event.data as Record<string, unknown>;
      if (event.type === "HandlingExtended") {
        const start = handlingStart.get(event.streamId)!;
        const got = dueCounting(plain, "handling", start, { extraDays: data.days as number });
        if (got !== data.handlingDueAt)
          mismatches.push(`${event.position}: ${got} ≠ ${data.handlingDueAt}`);
        checked += 1;
        continue;
      }
      const rule = STARTS[event.type];
      if (!rule) continue;
      const [limit, from, stored] = rule;
      const start = from === "@" ? event.occurredAt : (data[from] as string);
      const got = dueAt(plain, limit, start);
      if (got !== data[stored])
        mismatches.push(`${event.position}: ${got} ≠ ${String(data[stored])}`);
      if (event.type === "PetitionAccepted") handlingStart.set(event.streamId, start);
      checked += 1;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});
