import { describe, expect, it } from "vitest";
import { buildLog } from "./build-log.js";
import { open311Policy, policyDeadlines } from "./deadlines.js";
import { createNyc311Importer } from "./nyc311.js";
import { RecordSkipped } from "./source-records.js";

const importer = createNyc311Importer(policyDeadlines(open311Policy), open311Policy.name);

/** Requests written for this test, in NYC Open Data's field names. */
const request = (fields: Record<string, unknown>) => ({
  unique_key: "1",
  created_date: "2024-05-26T10:00:00",
  agency: "DOT",
  complaint_type: "Street Condition",
  descriptor: "Pothole",
  borough: "QUEENS",
  status: "Open",
  ...fields,
});

describe("nyc311 importer", () => {
  it("never files a 311 request on the 12345 hotline channel, whatever its channel field", () => {
    // A petition on the "hotline" channel counts as a 12345 ticket in the report (BJ-H rates).
    for (const channel of ["PHONE", "ONLINE", "MOBILE", "OTHER", "UNKNOWN", "KIOSK", undefined]) {
      const draft = importer.toPetition(
        request({ open_data_channel_type: channel }),
        "nyc.jsonl:1",
      );
      expect(draft.events[0]?.data.channel, String(channel)).not.toBe("hotline");
    }
  });

  it("keeps created, due and closed times; routing and acceptance are synthesized", () => {
    const draft = importer.toPetition(
      request({
        status: "Closed",
        due_date: "2024-06-01T10:00:00",
        closed_date: "2024-05-27T09:00:00",
        resolution_description: "Repaired.",
      }),
      "nyc.jsonl:1",
    );
    expect(draft.events.map((e) => [e.type, e.synthesized === true])).toEqual([
      ["PetitionRegistered", false],
      ["PetitionRouted", true],
      ["PetitionAccepted", true],
      ["ReplyIssued", false],
      ["PetitionConcluded", true],
    ]);
    expect(draft.events[2]?.data.handlingDueAt).toBe("2024-06-01T10:00:00-04:00");
    expect(draft.events[3]?.data.deliveredAt).toBe("2024-05-27T09:00:00-04:00");
  });

  it("keeps a request closed when the source says so, even on the source's last day", () => {
    // The snapshot ends with the open request's creation (05-27 12:00); the closed one's
    // one-day window ends after it. It stays closed: 1 open, not 2.
    const closed = importer.toPetition(
      request({ status: "Closed", closed_date: "2024-05-27T11:00:00" }),
      "nyc.jsonl:1",
    );
    const open = importer.toPetition(
      request({ unique_key: "2", created_date: "2024-05-27T12:00:00" }),
      "nyc.jsonl:2",
    );
    const log = buildLog([closed, open], importer.timeZone);
    // Only the open request's synthesized routing (a minute after the source's end) is left out.
    expect(log.beyondHorizon).toBe(1);
    const concluded = log.events.filter((e) => e.type === "PetitionConcluded");
    expect(concluded.map((e) => e.streamId)).toEqual(["petition-nyc311-1"]);
    expect(concluded[0]?.meta?.synthesized).toBe(true);
  });

  it("leaves an open request at routing when the agency has not taken it on", () => {
    const draft = importer.toPetition(request({ status: "Unspecified" }), "nyc.jsonl:3");
    expect(draft.events.map((e) => e.type)).toEqual(["PetitionRegistered", "PetitionRouted"]);
  });

  it("skips a record without unique_key or created_date", () => {
    expect(() => importer.toPetition({ message_id: "1" }, "x:1")).toThrow(
      new RecordSkipped("no unique_key"),
    );
    expect(() => importer.toPetition({ unique_key: "1" }, "x:1")).toThrow(
      new RecordSkipped("no created_date"),
    );
  });
});
