import {
  type Clock,
  type CommandInput,
  createEngine,
  type EventEnvelope,
  type EventStore,
  MemoryEventStore,
  nationalPolicy,
} from "@petitio/core";

/**
 * A lawful log of many petitions, made by the real engine, for the attack
 * tests: the edits an insider would make to flatter the metrics are applied
 * to it and `verify` must catch each one. Every 4th petition is rated
 * unsatisfied, every 5th is replied to after its handling due time, every 7th
 * asks for a review. The store seals every append (docs/log-integrity.md), so
 * the envelopes come with their chain fields.
 */

const DAY = 86_400_000;
const START = Date.parse("2024-03-01T09:00:00+08:00");
const iso = (ms: number): string => new Date(ms).toISOString().replace("Z", "+00:00");

export const ATTACK_PETITIONS = 120;

/** The envelopes without their chain fields, as a log written before the chain would be. */
export const unsealed = (events: readonly EventEnvelope[]): EventEnvelope[] =>
  events.map((e) => {
    const {
      prevHash: _p,
      hash: _h,
      ...rest
    } = e as EventEnvelope & { prevHash?: string; hash?: string };
    return rest;
  });

/** `makeStore` (default: a memory store) gets the clock the commands are dated by. */
export const buildAttackLog = async (
  petitions = ATTACK_PETITIONS,
  makeStore: (clock: Clock) => EventStore = (clock) => new MemoryEventStore({ clock }),
): Promise<EventEnvelope[]> => {
  let now = iso(START);
  const clock = { now: () => now };
  const store = makeStore(clock);
  // Plaintext personal data, as a log written before protection: the privacy
  // tests protect it themselves and scan for the plaintext as a control.
  const engine = createEngine({
    store,
    clock,
    policy: nationalPolicy,
    channels: [],
    personalData: false,
  });
  const intake = { id: "clerk-1", role: "intake", org: "bureau" } as const;
  const agency = { id: "officer-1", role: "agency", org: "org-x" } as const;
  const steps: { at: number; command: CommandInput }[] = [];
  for (let i = 0; i < petitions; i++) {
    const petitionId = `P${String(i).padStart(4, "0")}`;
    const petitioner = { id: `person-${i}`, role: "petitioner" } as const;
    const t0 = START + i * 3 * 3_600_000; // a new petition every 3 hours
    const replyAfter = i % 5 === 0 ? 75 : 20; // days after acceptance
    const base = { petitionId };
    steps.push(
      {
        at: t0,
        command: {
          ...base,
          type: "register",
          actor: intake,
          channel: "online",
          petitioners: [
            { id: petitioner.id, name: `市民${i}`, phone: `1380000${String(i).padStart(4, "0")}` },
          ],
          title: `第${i}号来信`,
          content: "小区道路破损，请求维修。",
          category: "claim",
          topic: i % 2 ? "道路" : "供暖",
        },
      },
      { at: t0 + DAY, command: { ...base, type: "route", actor: intake, toOrg: "org-x" } },
      { at: t0 + 2 * DAY, command: { ...base, type: "accept", actor: agency } },
      {
        at: t0 + (2 + replyAfter) * DAY,
        command: {
          ...base,
          type: "reply",
          actor: agency,
          outcome: "supported",
          summary: "已安排维修",
          legalBasis: ["信访工作条例第三十二条"],
        },
      },
      {
        at: t0 + (3 + replyAfter) * DAY,
        command: {
          ...base,
          type: "evaluate",
          actor: petitioner,
          rating: i % 4 === 0 ? "unsatisfied" : "satisfied",
        },
      },
    );
    if (i % 7 === 0) {
      steps.push({
        at: t0 + (4 + replyAfter) * DAY,
        command: {
          ...base,
          type: "requestReview",
          actor: petitioner,
          toOrg: "org-up",
          reason: "不服",
        },
      });
    }
  }
  steps.sort((a, b) => a.at - b.at);
  for (const { at, command } of steps) {
    now = iso(at);
    await engine.execute({ ...command, at: now } as CommandInput);
  }
  const events: EventEnvelope[] = [];
  for await (const e of store.readAll()) events.push(e);
  await store.close();
  return events;
};
