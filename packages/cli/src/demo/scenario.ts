import type { Actor, CommandInput } from "@petitio/core";
import type { Random } from "./random.js";
import {
  INTAKE_ORG,
  REPLY_SUMMARIES,
  SAMPLE_PETITIONS,
  type SamplePetition,
} from "./sample-petitions.js";

/**
 * The demo's workload: petitions registered over four months, each with a
 * planned path through the procedure. Most go by the book; some are slow (so
 * 催办 and 督办 are issued), some are extended (W22 Art. 34), reviewed (Art. 35)
 * and re-examined (Art. 36), not accepted, withdrawn, or repeated.
 */

export const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface PlannedCommand {
  at: number;
  /** Tie-break: plan order. */
  seq: number;
  petitionId: string;
  command: Omit<CommandInput, "at">;
}

export interface DemoPetition {
  petitionId: string;
  sample: SamplePetition;
  path: string;
}

export const REVIEW_ORG = "青禾市人民政府";
export const REEXAMINATION_ORG = "示范省人民政府";

const intake: Actor = { id: "clerk-01", role: "intake", org: INTAKE_ORG };
const agencyOf = (org: string): Actor => ({ id: `officer@${org}`, role: "agency", org });

/** A working-hours time on the day `days` after `from`. */
const workTime = (random: Random, from: number, days: number): number => {
  const day = Math.floor((from + 8 * HOUR) / DAY) * DAY - 8 * HOUR; // local midnight (+08:00)
  const at = day + Math.round(days) * DAY + random.between(9, 17.5) * HOUR;
  return Math.max(at, from + HOUR);
};

export interface Workload {
  petitions: DemoPetition[];
  plan: PlannedCommand[];
}

export const buildWorkload = (
  random: Random,
  options: { start: number; days: number; petitions: number },
): Workload => {
  const petitions: DemoPetition[] = [];
  const plan: PlannedCommand[] = [];
  let seq = 0;
  const add = (petitionId: string, at: number, command: Omit<CommandInput, "at">) =>
    plan.push({ at, seq: seq++, petitionId, command });
  const replied: { petitionId: string; at: number; sample: SamplePetition }[] = [];

  for (let n = 1; n <= options.petitions; n++) {
    const petitionId = `demo-${String(n).padStart(4, "0")}`;
    const registeredAt =
      options.start +
      (options.days * DAY * (n - 1)) / options.petitions +
      random.between(0, 0.5) * DAY;
    // A repeat petition re-raises an earlier one's matter after its reply.
    const earlier = replied.filter((r) => r.at < registeredAt - 2 * DAY);
    const repeatOf =
      n > 20 && random.chance(0.05) && earlier.length > 0 ? random.pick(earlier) : undefined;
    const sample = repeatOf?.sample ?? random.pick(SAMPLE_PETITIONS);
    const citizen: Actor = { id: `citizen-${n}`, role: "petitioner" };
    const agency = agencyOf(sample.org);
    const base = { petitionId };
    add(petitionId, registeredAt, {
      ...base,
      type: "register",
      actor: intake,
      channel: sample.channel,
      anonymous: false,
      petitioners: [{ id: citizen.id, name: `群众${n}` }],
      title: sample.title,
      content: sample.content,
      category: sample.category,
      topic: sample.topic,
      location: { region: sample.region },
    } as Omit<CommandInput, "at">);
    if (repeatOf) {
      add(petitionId, registeredAt + HOUR, {
        ...base,
        type: "linkRepeat",
        actor: intake,
        previousPetitionId: repeatOf.petitionId,
        sameFactsAndReasons: random.chance(0.5),
      } as Omit<CommandInput, "at">);
    }

    const roll = random.next();
    const path =
      roll < 0.04
        ? "notAccepted"
        : roll < 0.07
          ? "withdrawn"
          : roll < 0.17
            ? "slowReply"
            : roll < 0.24
              ? "slowAcceptance"
              : roll < 0.32
                ? "extended"
                : roll < 0.42
                  ? "reviewed"
                  : "normal";
    petitions.push({ petitionId, sample, path });

    const routedAt = workTime(random, registeredAt, random.int(0, 3));
    add(petitionId, routedAt, {
      ...base,
      type: "route",
      actor: intake,
      toOrg: sample.org,
      mode: "transfer",
    } as Omit<CommandInput, "at">);
    if (path === "notAccepted") {
      add(petitionId, workTime(random, routedAt, random.int(2, 10)), {
        ...base,
        type: "notAccept",
        actor: agency,
        reason:
          "所反映事项已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决（《信访工作条例》第三十一条）",
      } as Omit<CommandInput, "at">);
      continue;
    }
    const acceptedAt = workTime(
      random,
      routedAt,
      path === "slowAcceptance" ? random.int(16, 22) : random.int(1, 10),
    );
    add(petitionId, acceptedAt, { ...base, type: "accept", actor: agency } as Omit<
      CommandInput,
      "at"
    >);
    if (path === "withdrawn") {
      add(petitionId, workTime(random, acceptedAt, random.int(3, 20)), {
        ...base,
        type: "withdraw",
        actor: citizen,
        reason: "问题已经协商解决，申请撤回",
      } as Omit<CommandInput, "at">);
      continue;
    }
    let replyAfter = random.int(10, 50);
    if (path === "slowReply") replyAfter = random.int(63, 80);
    if (path === "extended") {
      const days = random.pick([15, 20, 30]);
      add(petitionId, workTime(random, acceptedAt, random.int(40, 52)), {
        ...base,
        type: "extend",
        actor: agency,
        days,
        reason: "需要多部门现场核查，情况复杂",
        approvedBy: `${sample.org}负责人`,
      } as Omit<CommandInput, "at">);
      replyAfter = 60 + random.int(1, days - 3);
    }
    const repliedAt = workTime(random, acceptedAt, replyAfter);
    const unsatisfied = path === "reviewed";
    add(petitionId, repliedAt, {
      ...base,
      type: "reply",
      actor: agency,
      outcome: random.pick(["supported", "supported", "explained", "notSupported"] as const),
      summary: REPLY_SUMMARIES[sample.topic] ?? "经调查核实，已依法依规处理，现予答复。",
      legalBasis: ["《信访工作条例》第三十二条"],
    } as Omit<CommandInput, "at">);
    replied.push({ petitionId, at: repliedAt, sample });
    if (random.chance(unsatisfied ? 1 : 0.8)) {
      const rating = unsatisfied
        ? "unsatisfied"
        : random.chance(0.75)
          ? "satisfied"
          : random.chance(0.7)
            ? "basicallySatisfied"
            : "unsatisfied";
      add(petitionId, workTime(random, repliedAt, random.int(1, 7)), {
        ...base,
        type: "evaluate",
        actor: citizen,
        rating,
      } as Omit<CommandInput, "at">);
    }
    if (path !== "reviewed") continue;
    const reviewAt = workTime(random, repliedAt, random.int(9, 25));
    add(petitionId, reviewAt, {
      ...base,
      type: "requestReview",
      actor: citizen,
      toOrg: REVIEW_ORG,
      reason: "对处理意见不服，认为事实认定不清",
    } as Omit<CommandInput, "at">);
    const decidedAt = workTime(random, reviewAt, random.int(10, 27));
    add(petitionId, decidedAt, {
      ...base,
      type: "decideReview",
      actor: agencyOf(REVIEW_ORG),
      outcome: random.pick(["upheld", "upheld", "revised"] as const),
      summary: "经复查，原处理意见认定事实清楚，适用依据正确，予以维持。",
    } as Omit<CommandInput, "at">);
    if (!random.chance(0.4)) continue;
    const reexamAt = workTime(random, decidedAt, random.int(5, 25));
    add(petitionId, reexamAt, {
      ...base,
      type: "requestReexamination",
      actor: citizen,
      toOrg: REEXAMINATION_ORG,
      reason: "对复查意见仍不服",
    } as Omit<CommandInput, "at">);
    add(petitionId, workTime(random, reexamAt, random.int(10, 27)), {
      ...base,
      type: "decideReexamination",
      actor: agencyOf(REEXAMINATION_ORG),
      outcome: "upheld",
      summary: "经复核，维持复查意见。信访人仍以同一事实和理由提出的，不再受理。",
    } as Omit<CommandInput, "at">);
  }
  plan.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { petitions, plan };
};
