import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../events/envelope.js";
import { checkEvent } from "./check-event.js";
import { evolve } from "./evolve.js";
import type { PetitionState } from "./state.js";
import { applyCommand, type Step } from "./walk.testkit.js";

const walk = (...types: Parameters<typeof applyCommand>[1][]): Step =>
  types.reduce<Step>((step, type) => applyCommand(step, type), { state: undefined, events: [] });

/** Violations of every event of a stream, judged in order. */
const verify = (events: readonly EventEnvelope[]) => {
  let state: PetitionState | undefined;
  return events.map((event) => {
    const found = checkEvent(state, event);
    state = evolve(state, event);
    return found;
  });
};

const next = (
  step: Step,
  type: string,
  data: Record<string, unknown>,
  at: string,
  actor = step.events[0]!.actor,
): EventEnvelope => ({
  position: step.events.length + 1,
  streamId: step.events[0]!.streamId,
  version: step.events.length + 1,
  type,
  schemaVersion: 1,
  occurredAt: at,
  recordedAt: at,
  actor,
  data,
});

describe("checkEvent", () => {
  it("finds nothing in a log the engine wrote", () => {
    const step = walk(
      "register",
      "route",
      "accept",
      "extend",
      "reply",
      "evaluate",
      "requestReview",
      "decideReview",
    );
    expect(verify(step.events).flat()).toEqual([]);
  });

  it("names a review requested after the window (W22 Art. 35)", () => {
    const step = walk("register", "route", "accept", "reply");
    const due = step.state!.reviewRequestDueAt!;
    const late = next(
      step,
      "ReviewRequested",
      { toOrg: "org-review", reason: "不服", reviewDueAt: due },
      new Date(Date.parse(due) + 1000).toISOString(),
      { id: "p-1", role: "petitioner" },
    );
    expect(checkEvent(step.state, late)).toEqual([
      expect.objectContaining({ rule: "review request window", article: "W22 Art. 35" }),
    ]);
  });

  it("names a second extension and one beyond 30 days (W22 Art. 34)", () => {
    const step = walk("register", "route", "accept", "extend");
    const again = next(
      step,
      "HandlingExtended",
      { days: 31, reason: "复杂", approvedBy: "head", handlingDueAt: step.state!.handlingDueAt },
      step.state!.lastOccurredAt,
      { id: "officer-x", role: "agency", org: "org-x" },
    );
    expect(checkEvent(step.state, again).map((v) => v.rule)).toEqual([
      "one extension",
      "extension length",
    ]);
  });

  it("names events out of order, after the end, from the wrong role, and a stream without registration", () => {
    const registered = walk("register");
    const reply = next(registered, "ReplyIssued", {}, registered.state!.lastOccurredAt);
    // Before dispatch only a 12345 consultation is answered (at once, BJ Art. 11 ¶1): a claim is not.
    expect(checkEvent(registered.state, reply).map((v) => v.rule)).toEqual([
      "consultation answered at once",
    ]);

    const withdrawn = walk("register", "withdraw");
    const evaluate = next(
      withdrawn,
      "SatisfactionEvaluated",
      { rating: "satisfied" },
      withdrawn.state!.lastOccurredAt,
    );
    expect(checkEvent(withdrawn.state, evaluate).map((v) => v.rule)).toEqual([
      "nothing after the end",
    ]);
    // One closing record after an exit is allowed, a second is not.
    const closing = next(
      withdrawn,
      "PetitionConcluded",
      { reason: "withdrawn" },
      withdrawn.state!.lastOccurredAt,
    );
    expect(checkEvent(withdrawn.state, closing)).toEqual([]);
    expect(checkEvent(evolve(withdrawn.state, closing), { ...closing, version: 4 })).toHaveLength(
      1,
    );

    const routed = walk("register", "route");
    const byIntake = next(
      routed,
      "PetitionAccepted",
      { org: "bureau", noticeSent: true, handlingDueAt: routed.state!.acceptanceDueAt },
      routed.state!.lastOccurredAt,
    );
    expect(checkEvent(routed.state, byIntake).map((v) => v.rule)).toEqual(["role"]);

    expect(checkEvent(undefined, reply).map((v) => v.rule)).toEqual(["stream start"]);
  });

  it("accepts a recorded reply without a legal basis (a source may not record it; the engine still asks for one)", () => {
    const step = walk("register", "route", "accept", "reply");
    const reply = step.events.at(-1)!;
    const before = walk("register", "route", "accept").state;
    const bare = { ...reply, data: { ...reply.data, legalBasis: [] } };
    expect(checkEvent(before, bare)).toEqual([]);
  });

  it("names a registration recorded outside the stream petition-<petitionId> (LOG-FORMAT)", () => {
    const registered = walk("register").events[0]!;
    expect(checkEvent(undefined, registered)).toEqual([]);
    const elsewhere = { ...registered, streamId: "petition-other" };
    expect(checkEvent(undefined, elsewhere)).toEqual([
      {
        rule: "stream id",
        message: "petition P-walk belongs in stream petition-P-walk, not petition-other",
      },
    ]);
  });

  it("ignores custom and notification events", () => {
    const step = walk("register");
    expect(
      checkEvent(
        step.state,
        next(
          step,
          "NotificationDelivered",
          { outboxId: "1", channel: "console", attempt: 1 },
          step.state!.lastOccurredAt,
        ),
      ),
    ).toEqual([]);
    expect(checkEvent(step.state, next(step, "AcmeNote", {}, step.state!.lastOccurredAt))).toEqual(
      [],
    );
  });
});
