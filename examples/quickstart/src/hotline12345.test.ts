import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, expect, it } from "vitest";
import { hotline12345 } from "./hotline12345.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-12345-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("runs the 12345 demo on a SQLite file: request types, call-backs, 每月一题, and the three rates", async () => {
  const file = join(dir, "hotline.db");
  expect(await hotline12345(file)).toEqual([
    "consultation C-01 answered at once: PetitionRegistered, ReplyIssued, PetitionConcluded",
    // Sign-for due Thursday 7 March (one working day); signed for Friday; five working days on.
    "help H-01 signed for late, handling due 2024-03-15T23:59:59+08:00",
    // A suggestion is studied for fifteen working days (the 12345 policy's per-type limit).
    "suggestion S-01 handling due 2024-04-03T23:59:59+08:00",
    "12345 tickets 15: complaint 11, consultation 1, help 1, report 1, suggestion 1; answered at once 1",
    // 14 dispatched, H-01 signed for late; 12 called back, R-01 unresolved and unsatisfied
    // (V-09 counts by its second call-back, after 退回再办).
    "响应率 13/14 (92.9%), 解决率 11/12 (91.7%), 满意率 11/12 (91.7%)",
    // H-01 and S-01 were never answered; every call-back came a day after its reply.
    // Each answered call was preceded by a phone call to the caller, except V-09's second
    // run after 退回再办 (a new run needs a new contact).
    "按期办结率 12/14 (85.7%), 按期回访率 12/12 (100.0%), 联系率 11/12 (91.7%)",
    // Street vending: 9 complaints and the suggestion S-01 in January–March, 2 after the cycle closed.
    "每月一题 2024-03 占道经营: lead urban-management, tasks 1/1, closed; before 10 (2024-01 2024-02 2024-03), after 2 (2024-05 2024-06 2024-07)",
  ]);
  // The log is on the SQLite file: every ticket stream and the cycle's stream.
  const store = openSqliteStore(file, { readOnly: true });
  const streams = new Set<string>();
  for await (const event of store.readAll()) streams.add(event.streamId);
  await store.close();
  expect(streams.has("monthly-topic-2024-03")).toBe(true);
  expect([...streams].filter((s) => s.startsWith("petition-"))).toHaveLength(15);
}, 120_000);
