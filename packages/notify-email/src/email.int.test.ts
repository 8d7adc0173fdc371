import type { AddressInfo } from "node:net";
import {
  createDispatcher,
  createEngine,
  type Engine,
  MemoryEventStore,
  nationalPolicy,
} from "@petitio/core";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { createEmailChannel } from "./email-channel.js";

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) receives what the dispatcher
 * sends through nodemailer, and mailparser reads it back: Chinese subject and
 * body, text and HTML, headers. The server refuses on purpose for a while.
 */

interface Smtp {
  port: number;
  mails: ParsedMail[];
  /** Answer the next `n` messages with this SMTP code instead of taking them. */
  refuse(n: number, code: number): void;
  close(): Promise<void>;
}

const startSmtp = async (): Promise<Smtp> => {
  const mails: ParsedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (refusals > 0) {
            refusals--;
            const error = Object.assign(new Error("mailbox busy, on purpose"), {
              responseCode: refusalCode,
            });
            return callback(error);
          }
          mails.push(mail);
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    refuse(n, code) {
      refusals = n;
      refusalCode = code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

const intake = { id: "clerk-1", role: "intake", org: "city-bureau" } as const;
const agency = { id: "officer-7", role: "agency", org: "housing-bureau" } as const;

/** Two petitions accepted by the housing bureau: one with an e-mail address, one anonymous. */
const twoPetitions = async () => {
  let now = "2024-09-23T09:00:00+08:00";
  const clock = { now: () => now, set: (at: string) => (now = at) };
  const store = new MemoryEventStore({ clock });
  const engine: Engine = createEngine({
    store,
    clock,
    policy: nationalPolicy,
    channels: ["email"],
  });
  await engine.execute({
    type: "register",
    petitionId: "2024-0001",
    actor: intake,
    channel: "online",
    petitioners: [{ id: "citizen-42", name: "李四", email: "lisi@example.cn" }],
    title: "老旧小区加装电梯进度缓慢",
    content: "小区已签字同意加装电梯，至今未开工。",
    category: "claim",
  });
  await engine.execute({
    type: "register",
    petitionId: "2024-0002",
    actor: intake,
    channel: "online",
    anonymous: true,
    title: "工地夜间施工噪音扰民",
    content: "工地每晚施工至凌晨。",
    category: "accusation",
  });
  for (const petitionId of ["2024-0001", "2024-0002"]) {
    now = "2024-09-24T10:00:00+08:00";
    await engine.execute({ type: "route", petitionId, actor: intake, toOrg: "housing-bureau" });
    now = "2024-09-25T10:00:00+08:00";
    await engine.execute({ type: "accept", petitionId, actor: agency });
  }
  return { store, engine, clock };
};

let smtp: Smtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const channelFor = (port: number) =>
  createEmailChannel({
    transport: { host: "127.0.0.1", port, secure: false, ignoreTLS: true },
    from: "市信访局 <notice@xf.example.cn>",
    recipients: [
      {
        id: "housing-duty",
        to: ["duty@housing.example.cn"],
        route: { orgs: ["housing-bureau"], roles: ["agency"] },
      },
      {
        id: "transport-duty",
        to: ["duty@transport.example.cn"],
        route: { orgs: ["transport-bureau"] },
      },
    ],
  });

describe("e-mail through a real SMTP server", () => {
  it("mails the petitioner's acceptance notice and the bureau's 督办单 in Chinese, text and HTML; nothing for the anonymous petition", async () => {
    smtp = await startSmtp();
    const { store, engine, clock } = await twoPetitions();
    const channel = channelFor(smtp.port);
    const dispatcher = createDispatcher({ store, clock, channels: [channel] });
    try {
      const due = (await engine.load("2024-0002"))!.dueAt!;
      const at = new Date(Date.parse(due) + 86_400_000).toISOString();
      await engine.tick(at);
      clock.set(at);
      const summary = await dispatcher.drain();
      // One acceptance notice (the anonymous petition has none) and two supervisions.
      expect(summary).toMatchObject({ claimed: 3, delivered: 3 });
      const byTo = new Map(smtp.mails.map((m) => [m.to && "text" in m.to ? m.to.text : "", m]));
      const notice = smtp.mails.find((m) => m.subject?.startsWith("【受理告知】"))!;
      expect(notice.subject).toBe("【受理告知】您的信访事项 2024-0001 已受理");
      expect(notice.from?.text).toBe('"市信访局" <notice@xf.example.cn>');
      expect(notice.text).toContain("李四：");
      expect(notice.text).toContain("信访事项：2024-0001《老旧小区加装电梯进度缓慢》");
      expect(notice.html).toContain("<h2>信访事项受理告知书</h2>");
      expect(byTo.get("lisi@example.cn")).toBe(notice);
      const supervisions = smtp.mails.filter((m) => m.subject?.startsWith("【督办单"));
      expect(supervisions.map((m) => m.subject)).toEqual([
        "【督办单·一级督办】信访事项 2024-0001 办理已超期 1 天",
        "【督办单·一级督办】信访事项 2024-0002 办理已超期 1 天",
      ]);
      for (const mail of supervisions) {
        expect((mail.to as { text: string }).text).toBe("duty@housing.example.cn");
        expect(mail.text).toContain("依据《信访工作条例》第四十条");
      }
      // The anonymous petition's staff notice names no petitioner.
      expect(supervisions[1]!.text).not.toContain("李四");
      // Message-ID and Idempotency-Key come from the outbox row id.
      const ids = summary.outcomes.map((o) => o.id);
      expect(notice.messageId).toBe(`<petitio.${ids[0]}.petitioner-1@xf.example.cn>`);
      expect(notice.headers.get("idempotency-key")).toBe(ids[0]);
      // The log records the target by index, never the petitioner's address.
      const events = await store.readStream("petition-2024-0001");
      const delivered = events.filter((e) => e.type === "NotificationDelivered");
      expect(delivered.map((e) => e.data.target)).toEqual(["petitioner-1", "housing-duty"]);
      expect(JSON.stringify(delivered)).not.toContain("lisi@example.cn");
    } finally {
      channel.close();
    }
  }, 60_000);

  it("a server that answers 451 for a while: each mail arrives exactly once afterwards; a 550 is dead-lettered", async () => {
    smtp = await startSmtp();
    const { store, clock, engine } = await twoPetitions();
    const channel = channelFor(smtp.port);
    const dispatcher = createDispatcher({
      store,
      clock,
      channels: [channel],
      backoff: { baseMs: 1_000, maxMs: 1_000 },
    });
    try {
      smtp.refuse(3, 451);
      const first = await dispatcher.drain();
      expect(first.outcomes.map((o) => o.status)).toEqual(["retrying"]);
      expect(first.outcomes[0]!.error).toMatch(/^petitioner-1: SMTP 451 for petitioner-1: .*busy/);
      expect(first.outcomes[0]!.error).not.toContain("lisi@example.cn");
      for (let i = 0; i < 3; i++) {
        clock.set(new Date(Date.parse(clock.now()) + 1_000).toISOString());
        await dispatcher.drain();
      }
      expect(smtp.mails.map((m) => m.subject)).toEqual([
        "【受理告知】您的信访事项 2024-0001 已受理",
      ]);
      expect(await dispatcher.listDeadLetters()).toEqual([]);

      // A permanent refusal: the rows are given up on at once and recorded as failed.
      smtp.refuse(2, 550);
      const due = (await engine.load("2024-0001"))!.dueAt!;
      const reminderAt = new Date(Date.parse(due) - 2 * 86_400_000).toISOString();
      expect((await engine.tick(reminderAt)).reminders).toHaveLength(2);
      clock.set(reminderAt);
      const refused = await dispatcher.drain();
      expect(refused.outcomes.map((o) => [o.status, o.attempt])).toEqual([
        ["deadLettered", 1],
        ["deadLettered", 1],
      ]);
      expect(refused.outcomes[0]!.error).toContain("SMTP 550 for duty@housing.example.cn");
      expect((await dispatcher.listDeadLetters()).map((d) => d.key)).toEqual(
        refused.outcomes.map((o) => o.key),
      );
      const failed = (await store.readStream("petition-2024-0001")).filter(
        (e) => e.type === "NotificationFailed",
      );
      expect(failed.map((e) => [e.data.attempt, e.data.targets])).toEqual([[1, ["housing-duty"]]]);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      channel.close();
    }
  }, 60_000);

  it("refuses a bad configuration, naming the field", () => {
    expect(() =>
      createEmailChannel({ transport: { host: "127.0.0.1" }, from: "nobody", recipients: [] }),
    ).toThrow('notification config: from: must be an e-mail address; got "nobody"');
    expect(() =>
      createEmailChannel({
        transport: { host: "127.0.0.1" },
        from: "a@b.cn",
        recipients: [{ id: "x", to: ["not-an-address"] }],
      }),
    ).toThrow("notification config: recipients.0.to.0: not an e-mail address: not-an-address");
  });
});
