import type { PetitionEventType, Stage } from "../events/catalog.js";
import type { EventEnvelope } from "../events/envelope.js";
import { defaultRegistry } from "../events/registry.js";

/**
 * A small builder of valid petition logs for the projection tests: each
 * helper appends one catalog event (checked against its schema) with the next
 * position and stream version. Times are written in +08:00.
 */

/** `2024-01-02T10:00` → `2024-01-02T10:00:00+08:00`. */
export const t = (local: string): string => `${local}:00+08:00`;
/** The end of a day in Beijing, as the engine stores due times: `2024-01-18T23:59:59+08:00`. */
export const eod = (day: string): string => `${day}T23:59:59+08:00`;
/** Format epoch ms as ISO-8601 in +08:00, whole seconds. */
export const isoBeijing = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().replace(".000Z", "+08:00");

export class TestLog {
  readonly events: EventEnvelope[] = [];
  private readonly versions = new Map<string, number>();

  add(
    petitionId: string,
    type: PetitionEventType,
    occurredAt: string,
    data: Record<string, unknown>,
  ): this {
    const streamId = `petition-${petitionId}`;
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    const envelope: EventEnvelope = {
      position: this.events.length + 1,
      streamId,
      version,
      type,
      schemaVersion: 1,
      occurredAt,
      recordedAt: occurredAt,
      actor: { id: "tester", role: "intake", org: "bureau" },
      data,
    };
    this.events.push(defaultRegistry.decode(envelope, { strictTypes: true }));
    return this;
  }

  register(
    id: string,
    at: string,
    o: {
      topic?: string;
      category?: "suggestion" | "accusation" | "claim";
      routingDueAt?: string;
    } = {},
  ): this {
    return this.add(id, "PetitionRegistered", at, {
      petitionId: id,
      channel: "online",
      anonymous: false,
      petitioners: [{ name: `citizen ${id}` }],
      title: `petition ${id}`,
      content: "…",
      category: o.category ?? "claim",
      ...(o.topic === undefined ? {} : { topic: o.topic }),
      receivedAt: at,
      registeredBy: "bureau",
      routingDueAt: o.routingDueAt ?? isoBeijing(Date.parse(at) + 15 * 86_400_000),
    });
  }
  route(id: string, at: string, toOrg: string, acceptanceDueAt: string): this {
    return this.add(id, "PetitionRouted", at, { toOrg, mode: "transfer", acceptanceDueAt });
  }
  /** `routingDueAt`: the new routing due time the engine stores; absent in older logs. */
  object(id: string, at: string, byOrg: string, routingDueAt?: string): this {
    return this.add(id, "RoutingObjected", at, {
      byOrg,
      reason: "outside remit",
      ...(routingDueAt === undefined ? {} : { routingDueAt }),
    });
  }
  accept(id: string, at: string, handlingDueAt: string): this {
    return this.add(id, "PetitionAccepted", at, { org: "org", noticeSent: true, handlingDueAt });
  }
  notAccept(id: string, at: string): this {
    return this.add(id, "PetitionNotAccepted", at, {
      org: "org",
      noticeSent: true,
      reason: "litigation pending",
    });
  }
  extend(id: string, at: string, handlingDueAt: string): this {
    return this.add(id, "HandlingExtended", at, {
      days: 30,
      reason: "complex",
      approvedBy: "head",
      handlingDueAt,
    });
  }
  reply(id: string, at: string, deliveredAt = at, reviewRequestDueAt?: string): this {
    return this.add(id, "ReplyIssued", at, {
      org: "org",
      outcome: "supported",
      summary: "done",
      legalBasis: [],
      deliveredAt,
      reviewRequestDueAt:
        reviewRequestDueAt ?? isoBeijing(Date.parse(deliveredAt) + 30 * 86_400_000),
    });
  }
  rate(id: string, at: string, rating: "satisfied" | "basicallySatisfied" | "unsatisfied"): this {
    return this.add(id, "SatisfactionEvaluated", at, { rating });
  }
  requestReview(id: string, at: string, reviewDueAt: string): this {
    return this.add(id, "ReviewRequested", at, { toOrg: "upper", reason: "disagree", reviewDueAt });
  }
  decideReview(id: string, at: string, reexaminationRequestDueAt: string): this {
    return this.add(id, "ReviewDecided", at, {
      org: "upper",
      outcome: "upheld",
      summary: "upheld",
      deliveredAt: at,
      reexaminationRequestDueAt,
    });
  }
  requestReexamination(id: string, at: string, reexaminationDueAt: string): this {
    return this.add(id, "ReexaminationRequested", at, {
      toOrg: "top",
      reason: "disagree",
      reexaminationDueAt,
    });
  }
  /** `reexaminationDueAt`: the moved due time the engine stores on `HearingEnded`. */
  hearing(
    id: string,
    start: string,
    end: string | undefined,
    stage: Stage,
    reexaminationDueAt?: string,
  ): this {
    this.add(id, "HearingStarted", start, { stage });
    if (end === undefined) return this;
    return this.add(id, "HearingEnded", end, {
      stage,
      ...(reexaminationDueAt === undefined ? {} : { reexaminationDueAt }),
    });
  }
  conclude(
    id: string,
    at: string,
    reason: "resolved" | "reviewWindowLapsed" | "final" = "reviewWindowLapsed",
  ): this {
    return this.add(id, "PetitionConcluded", at, { reason });
  }
  withdraw(id: string, at: string): this {
    return this.add(id, "PetitionWithdrawn", at, {});
  }
  link(id: string, at: string, previousPetitionId: string): this {
    return this.add(id, "RepeatPetitionLinked", at, {
      previousPetitionId,
      sameFactsAndReasons: true,
    });
  }
  merge(id: string, at: string, intoPetitionId: string): this {
    return this.add(id, "PetitionMerged", at, { intoPetitionId });
  }
  remind(id: string, at: string, stage: Stage, dueAt: string): this {
    return this.add(id, "ReminderIssued", at, { stage, dueAt, daysLeft: 3 });
  }
  supervise(id: string, at: string, stage: Stage, dueAt: string, level: number): this {
    return this.add(id, "SupervisionIssued", at, { stage, dueAt, daysOverdue: level, level });
  }
}
