import {
  type CommandInput,
  computeHotlineRates,
  createEngine,
  createPracticeDesk,
  hotline12345Policy,
  type PracticeCommandInput,
  practiceProjection,
  practiceReport,
  type Rate,
} from "@petitio/core";
import { openSqliteStore } from "@petitio/sqlite";

/**
 * The 12345 hotline (接诉即办) on the same engine, configured by a policy: tickets
 * of several request types (BJ Art. 11) with per-type limits (Art. 13), a
 * consultation answered at once, dispatch and sign-for (Art. 12, 14), reply and
 * call-back (回访, Art. 23), one unsatisfied call-back sent back (退回再办, JN
 * Art. 27), and a 每月一题 cycle on the topic that led the first quarter: its
 * lead unit, a rectification task, closure, and the topic's volume before and
 * after. The rates 响应率 / 解决率 / 满意率 come from the log.
 */
export async function hotline12345(dbFile: string): Promise<string[]> {
  let now = "2024-01-08T09:00:00+08:00";
  const clock = { now: () => now };
  const store = openSqliteStore(dbFile, { clock });
  const policy = hotline12345Policy;
  const engine = createEngine({ store, policy, clock });
  const desk = createPracticeDesk({ store, policy, clock });
  const operator = { id: "op-1", role: "intake", org: "hotline-12345" } as const;
  const cityOffice = { id: "sup-1", role: "supervisor", org: "city-12345-office" } as const;
  const agency = (org: string) => ({ id: `${org}-officer`, role: "agency", org }) as const;
  const run = (command: Record<string, unknown>) => engine.execute(command as CommandInput);
  const practice = (command: Record<string, unknown>) =>
    desk.execute(command as PracticeCommandInput);
  const lines: string[] = [];

  type Ticket = { requestType: string; topic: string; org: string; title: string };

  /** A call registered as a ticket of its request type (BJ Art. 11). */
  const register = (id: string, ticket: Ticket, extra: Record<string, unknown> = {}) =>
    run({
      type: "register",
      petitionId: id,
      idempotencyKey: `${id}-register`,
      actor: operator,
      channel: "hotline",
      requestType: ticket.requestType,
      petitioners: [{ name: "市民" }],
      title: ticket.title,
      content: `来电反映：${ticket.title}。`,
      category: ticket.requestType === "suggestion" ? "suggestion" : "claim",
      topic: ticket.topic,
      ...extra,
    });

  /** Dispatched to the ticket's org and signed for `hours` later (BJ Art. 12, 14). */
  const dispatch = async (id: string, ticket: Ticket, hours = 2) => {
    await run({ type: "route", petitionId: id, actor: operator, toOrg: ticket.org });
    now = plusHours(now, hours);
    return run({ type: "accept", petitionId: id, actor: agency(ticket.org) });
  };

  /** One call: registered, dispatched, signed for, answered, called back. */
  const call = async (
    id: string,
    at: string,
    ticket: Ticket,
    callBack: { resolved: boolean; rating: string } = { resolved: true, rating: "satisfied" },
  ) => {
    now = at;
    await register(id, ticket);
    await dispatch(id, ticket);
    // The handling org phones the caller first (BJ Art. 15(1)), then answers.
    now = plusHours(now, 2);
    await run({
      type: "contactCaller",
      petitionId: id,
      actor: agency(ticket.org),
      method: "phone",
    });
    now = plusHours(now, 22);
    await run({
      type: "reply",
      petitionId: id,
      actor: agency(ticket.org),
      outcome: "supported",
      summary: "已到现场处置并回复来电人。",
      legalBasis: ["城市管理条例"],
    });
    now = plusHours(now, 24);
    await run({ type: "callBack", petitionId: id, actor: operator, ...callBack });
  };

  try {
    // January to March: street vending (占道经营) leads the calls, two, three, then four a month.
    const vending = {
      requestType: "complaint",
      topic: "占道经营",
      org: "urban-management",
      title: "夜市摊贩占道经营影响通行",
    };
    const quarter: [string, string][] = [
      ["V-01", "2024-01-08T09:00:00+08:00"],
      ["V-02", "2024-01-22T09:00:00+08:00"],
      ["V-03", "2024-02-05T09:00:00+08:00"],
      ["V-04", "2024-02-19T09:00:00+08:00"],
      ["V-05", "2024-02-26T09:00:00+08:00"],
      ["V-06", "2024-03-04T09:00:00+08:00"],
      ["V-07", "2024-03-11T09:00:00+08:00"],
      ["V-08", "2024-03-18T09:00:00+08:00"],
    ];
    for (const [id, at] of quarter) await call(id, at, vending);
    // V-09: still not solved, the caller says so; sent back, handled again, then satisfied.
    await call("V-09", "2024-03-25T09:00:00+08:00", vending, {
      resolved: false,
      rating: "unsatisfied",
    });
    await run({
      type: "returnForRehandling",
      petitionId: "V-09",
      actor: operator,
      reason: "摊贩仍在",
    });
    now = plusHours(now, 24);
    await run({
      type: "reply",
      petitionId: "V-09",
      actor: agency("urban-management"),
      outcome: "supported",
      summary: "已设置临时疏导点，摊贩已迁移。",
      legalBasis: ["城市管理条例"],
    });
    now = plusHours(now, 24);
    await run({
      type: "callBack",
      petitionId: "V-09",
      actor: operator,
      resolved: true,
      rating: "basicallySatisfied",
    });

    // Other request types of March (BJ Art. 11): a consultation answered at once, a help
    // request signed for a day late, a report, and a suggestion (a longer limit, Art. 13).
    now = "2024-03-05T10:00:00+08:00";
    const consultation = await register(
      "C-01",
      { requestType: "consultation", topic: "政策咨询", org: "", title: "居住证办理需要哪些材料" },
      { answer: { summary: "已告知所需材料和就近办理点。", legalBasis: ["居住证暂行条例"] } },
    );
    lines.push(
      `consultation C-01 answered at once: ${consultation.events.map((e) => e.type).join(", ")}`,
    );
    now = "2024-03-06T09:00:00+08:00";
    const water = {
      requestType: "help",
      topic: "供水",
      org: "water-co",
      title: "独居老人家中停水",
    };
    await register("H-01", water);
    // Signed for on Friday: the sign-for limit (one working day) ended on Thursday.
    const help = await dispatch("H-01", water, 48);
    lines.push(`help H-01 signed for late, handling due ${help.events[0]!.data.handlingDueAt}`);
    await call(
      "R-01",
      "2024-03-12T09:00:00+08:00",
      { requestType: "report", topic: "违法建设", org: "urban-management", title: "楼顶违建" },
      // Not solved, and the caller is not satisfied; it stays replied, counted as such.
      { resolved: false, rating: "unsatisfied" },
    );
    now = "2024-03-13T09:00:00+08:00";
    const market = { ...vending, requestType: "suggestion", title: "建议增设便民夜市" };
    await register("S-01", market);
    const suggestion = await dispatch("S-01", market);
    lines.push(`suggestion S-01 handling due ${suggestion.events[0]!.data.handlingDueAt}`);

    // 每月一题: March's topic, from the quarter's calls; a lead unit and a task; closed in April.
    now = "2024-04-01T09:00:00+08:00";
    await practice({
      type: "chooseMonthlyTopic",
      id: "2024-03",
      idempotencyKey: "cycle-2024-03",
      actor: cityOffice,
      month: "2024-03",
      topic: "占道经营",
      title: "夜市占道经营综合治理",
      basis: { source: "hotTopics", count: 5 },
      leadOrg: "urban-management",
      participatingOrgs: ["market-regulation"],
    });
    await practice({
      type: "assignRectificationTask",
      id: "2024-03",
      actor: cityOffice,
      taskId: "night-market",
      org: "urban-management",
      description: "设置规范便民夜市，疏导流动摊贩",
      dueAt: "2024-04-30T23:59:59+08:00",
    });
    now = "2024-04-22T09:00:00+08:00";
    await practice({
      type: "completeRectificationTask",
      id: "2024-03",
      actor: agency("urban-management"),
      taskId: "night-market",
      summary: "便民夜市已开放，摊贩入场经营。",
    });
    now = "2024-04-25T09:00:00+08:00";
    await practice({
      type: "closeMonthlyTopic",
      id: "2024-03",
      actor: cityOffice,
      summary: "结项",
    });
    // After the cycle: one call in May, one in June, none in July.
    await call("V-10", "2024-05-13T09:00:00+08:00", vending);
    await call("V-11", "2024-06-17T09:00:00+08:00", vending);

    // The numbers, recomputed from the log as of 1 August.
    const asOf = "2024-08-01T00:00:00+08:00";
    const rates = await computeHotlineRates(store.readAll(), { asOf });
    if (!rates) throw new Error("the log holds no 12345 ticket");
    lines.push(
      `12345 tickets ${rates.tickets}: ${Object.entries(rates.byRequestType)
        .map(([type, n]) => `${type} ${n}`)
        .join(", ")}; answered at once ${rates.answeredAtOnce}`,
      `响应率 ${sample(rates.response)}, 解决率 ${sample(rates.resolution)}, 满意率 ${sample(rates.satisfaction)}`,
      `按期办结率 ${sample(rates.onTimeHandling)}, 按期回访率 ${sample(rates.onTimeCallBack)}, 联系率 ${sample(rates.callerContacted)}`,
    );
    let facts = practiceProjection.init();
    for await (const event of store.readAll()) facts = practiceProjection.apply(facts, event);
    for (const cycle of practiceReport(facts, { asOf }).monthlyTopics) {
      lines.push(
        `每月一题 ${cycle.month} ${cycle.topic}: lead ${cycle.leadOrg}, tasks ${cycle.completed}/${cycle.tasks}, ${cycle.closed ? "closed" : "open"}; ` +
          `before ${cycle.before.count} (${cycle.before.months.join(" ")}), after ${cycle.after.count} (${cycle.after.months.join(" ")})`,
      );
    }
    return lines;
  } finally {
    await store.close();
  }
}

const plusHours = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

const sample = (r: Rate): string =>
  `${r.numerator}/${r.denominator}${r.value === null ? "" : ` (${(r.value * 100).toFixed(1)}%)`}`;
