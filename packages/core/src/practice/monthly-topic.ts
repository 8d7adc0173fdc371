import type { EventEnvelope } from "../events/envelope.js";
import type { Decider, FollowUp } from "./rules.js";
import {
  foldFollowUp,
  PracticeRuleError,
  requireExists,
  requireNew,
  requireOrg,
  requireRole,
} from "./rules.js";

/**
 * 每月一题 as governance: a month's high-frequency demand is chosen (from the
 * hot-topics analysis or by hand), a lead unit and participating units take it
 * on, rectification tasks with deadlines are assigned, progressed and completed,
 * and the cycle is closed (主动治理 of high-frequency demands, BJ-H Art. 24).
 * Its effect (未诉先办) is read in the projection as the
 * topic's petition volume before and after.
 */

export interface TaskState {
  org: string;
  dueAt: string;
  progress: number;
  completedAt?: string;
}

export interface MonthlyTopicState {
  cycleId: string;
  month: string;
  topic: string;
  leadOrg: string;
  orgs: string[];
  tasks: Record<string, TaskState>;
  closedAt?: string;
  followUp: Record<string, FollowUp>;
}

export function evolveMonthlyTopic(
  state: MonthlyTopicState | undefined,
  event: EventEnvelope,
): MonthlyTopicState | undefined {
  const d = event.data as Record<string, unknown>;
  if (event.type === "MonthlyTopicChosen") {
    const participating = (d.participatingOrgs as string[] | undefined) ?? [];
    return {
      cycleId: String(d.cycleId),
      month: String(d.month),
      topic: String(d.topic),
      leadOrg: String(d.leadOrg),
      orgs: [String(d.leadOrg), ...participating],
      tasks: {},
      followUp: {},
    };
  }
  if (!state) return state;
  const followUp = foldFollowUp(state.followUp, event);
  if (followUp) return { ...state, followUp };
  const taskId = String(d.taskId);
  const task = state.tasks[taskId];
  switch (event.type) {
    case "RectificationTaskAssigned":
      return {
        ...state,
        tasks: {
          ...state.tasks,
          [taskId]: { org: String(d.org), dueAt: String(d.dueAt), progress: 0 },
        },
      };
    case "RectificationProgressed":
      return task
        ? {
            ...state,
            tasks: { ...state.tasks, [taskId]: { ...task, progress: Number(d.progress) } },
          }
        : state;
    case "RectificationTaskCompleted":
      return task
        ? {
            ...state,
            tasks: {
              ...state.tasks,
              [taskId]: { ...task, progress: 100, completedAt: event.occurredAt },
            },
          }
        : state;
    case "MonthlyTopicClosed":
      return { ...state, closedAt: event.occurredAt };
    default:
      return state;
  }
}

/** Each open task's deadline. */
export const monthlyTopicDeadlines = (s: MonthlyTopicState) =>
  s.closedAt !== undefined
    ? []
    : Object.entries(s.tasks)
        .filter(([, t]) => t.completedAt === undefined)
        .map(([taskId, t]) => ({ deadline: `task:${taskId}`, dueAt: t.dueAt, org: t.org }));

const BASIS = "主动治理 (BJ-H Art. 24; W22 Art. 40 ¶2)";
const OFFICE = ["supervisor"] as const;

function openCycle(c: { type: string }, state: MonthlyTopicState | undefined): MonthlyTopicState {
  const s = requireExists(c.type, state, "每月一题 cycle");
  if (s.closedAt) throw new PracticeRuleError(c.type, "open", BASIS, "the cycle is closed");
  return s;
}

function openTask(c: { type: string; taskId: string }, s: MonthlyTopicState): TaskState {
  const task = s.tasks[c.taskId];
  if (!task)
    throw new PracticeRuleError(c.type, "task", BASIS, `no task ${c.taskId} in cycle ${s.cycleId}`);
  if (task.completedAt)
    throw new PracticeRuleError(c.type, "taskOpen", BASIS, `task ${c.taskId} is completed`);
  return task;
}

export const chooseMonthlyTopic: Decider<MonthlyTopicState, "chooseMonthlyTopic"> = {
  stream: "monthlyTopic",
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, OFFICE, BASIS);
    requireNew(c.type, state, "每月一题 cycle");
    return [
      {
        type: "MonthlyTopicChosen",
        data: {
          cycleId: c.id,
          month: c.month,
          topic: c.topic,
          title: c.title,
          basis: c.basis,
          leadOrg: c.leadOrg,
          participatingOrgs: c.participatingOrgs.filter((o) => o !== c.leadOrg),
        },
      },
    ];
  },
};

export const assignRectificationTask: Decider<MonthlyTopicState, "assignRectificationTask"> = {
  stream: "monthlyTopic",
  decide(state, c, ctx) {
    const s = openCycle(c, state);
    requireRole(c.type, ctx.actor, OFFICE, BASIS);
    if (!s.orgs.includes(c.org)) {
      throw new PracticeRuleError(
        c.type,
        "unit",
        BASIS,
        `${c.org} is neither the lead unit nor a participating unit (${s.orgs.join(", ")})`,
      );
    }
    if (s.tasks[c.taskId])
      throw new PracticeRuleError(c.type, "new", BASIS, `task ${c.taskId} exists`);
    if (Date.parse(c.dueAt) <= Date.parse(ctx.now)) {
      throw new PracticeRuleError(
        c.type,
        "dueAt",
        BASIS,
        `dueAt ${c.dueAt} is not after the assignment (${ctx.now})`,
      );
    }
    return [
      {
        type: "RectificationTaskAssigned",
        data: { taskId: c.taskId, org: c.org, description: c.description, dueAt: c.dueAt },
      },
    ];
  },
};

export const progressRectificationTask: Decider<MonthlyTopicState, "progressRectificationTask"> = {
  stream: "monthlyTopic",
  decide(state, c, ctx) {
    const s = openCycle(c, state);
    const task = openTask(c, s);
    requireRole(c.type, ctx.actor, ["agency", "intake", "supervisor"], BASIS);
    requireOrg(c.type, ctx.actor, task.org, BASIS);
    if (c.progress < task.progress) {
      throw new PracticeRuleError(
        c.type,
        "progress",
        BASIS,
        `progress cannot fall from ${task.progress} % to ${c.progress} %`,
      );
    }
    return [
      {
        type: "RectificationProgressed",
        data: { org: task.org, progress: c.progress, note: c.note, taskId: c.taskId },
      },
    ];
  },
};

export const completeRectificationTask: Decider<MonthlyTopicState, "completeRectificationTask"> = {
  stream: "monthlyTopic",
  decide(state, c, ctx) {
    const s = openCycle(c, state);
    const task = openTask(c, s);
    requireRole(c.type, ctx.actor, ["agency", "intake", "supervisor"], BASIS);
    requireOrg(c.type, ctx.actor, task.org, BASIS);
    return [
      {
        type: "RectificationTaskCompleted",
        data: { taskId: c.taskId, org: task.org, summary: c.summary },
      },
    ];
  },
};

export const closeMonthlyTopic: Decider<MonthlyTopicState, "closeMonthlyTopic"> = {
  stream: "monthlyTopic",
  decide(state, c, ctx) {
    const s = openCycle(c, state);
    requireRole(c.type, ctx.actor, OFFICE, BASIS);
    const open = Object.entries(s.tasks)
      .filter(([, t]) => !t.completedAt)
      .map(([id]) => id);
    if (open.length > 0) {
      throw new PracticeRuleError(
        c.type,
        "tasksDone",
        BASIS,
        `tasks still open: ${open.join(", ")}`,
      );
    }
    return [{ type: "MonthlyTopicClosed", data: { summary: c.summary } }];
  },
};
