import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, nationalPolicy } from "@petitio/core";
import { startWebhookReceiver, type WebhookReceiver } from "@petitio/notify-webhook";
import { openSqliteStore } from "@petitio/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureContext } from "../cli/capture-context.testkit.js";
import { runCli } from "../cli/run.js";

/**
 * `petitio dispatch` in-process, on a real SQLite file, against a real
 * webhook receiver on 127.0.0.1: deliver, list dead letters, re-drive.
 */

const dir = mkdtempSync(join(tmpdir(), "petitio-dispatch-"));
const db = join(dir, "petitions.db");
const secret = "whsec-cli";
let receiver: WebhookReceiver;

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const { ctx, output } = captureContext(dir, { NO_COLOR: "1", ...env }, () => Date.now());
  const status = await runCli(argv, ctx);
  return { status, ...output() };
};

const config = (name: string, url: string, extra: Record<string, unknown> = {}) => {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      orgNames: { "housing-bureau": "市住房和城乡建设局" },
      channels: {
        webhook: { endpoints: [{ id: "hub", type: "signed", url, secret: "env:HUB_SECRET" }] },
        ...extra,
      },
    }),
  );
  return file;
};

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret });
  const clock = { now: () => new Date().toISOString() };
  const store = openSqliteStore(db, { clock });
  const engine = createEngine({ store, clock, policy: nationalPolicy, channels: ["webhook"] });
  const intake = { id: "clerk", role: "intake", org: "city-bureau" } as const;
  for (const petitionId of ["C-1", "C-2", "C-3"]) {
    await engine.execute({
      type: "register",
      petitionId,
      actor: intake,
      channel: "letter",
      petitioners: [{ name: "赵六" }],
      title: "公交站台缺少遮雨棚",
      content: "站台无遮雨设施，雨天候车不便。",
      category: "suggestion",
    });
    await engine.execute({ type: "route", petitionId, actor: intake, toOrg: "housing-bureau" });
    await engine.execute({
      type: "accept",
      petitionId,
      actor: { id: "o", role: "agency", org: "housing-bureau" },
    });
  }
  await store.close();
}, 60_000);
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("petitio dispatch", () => {
  it("refuses a config whose secret is not in the environment, naming the field", async () => {
    const r = await run([
      "dispatch",
      "--db",
      db,
      "--config",
      config("a.json", receiver.url),
      "--once",
    ]);
    expect(r.status).toBe(2);
    expect(r.err).toContain(
      "channels.webhook.endpoints.0.secret: environment variable HUB_SECRET is not set",
    );
    expect(receiver.received).toEqual([]);
  });

  it("dead-letters what a dead receiver cannot take, lists it, re-drives it, then delivers each once", async () => {
    const env = { HUB_SECRET: secret };
    const closed = await startWebhookReceiver({ secret });
    await closed.close();
    const dead = config("dead.json", closed.url);
    const failed = await run(
      ["dispatch", "--db", db, "--config", dead, "--once", "--max-attempts", "1"],
      env,
    );
    expect(failed.status).toBe(1);
    expect(failed.out).toContain("3 claimed: 0 delivered, 0 to retry, 3 dead-lettered");
    expect(failed.out).toMatch(/dead-lettered #\d+ petition-C-1:3:webhook \(attempt 1\): hub: /);

    const listed = await run(["dispatch", "--db", db, "--dead-letters", "--json"]);
    expect(listed.status).toBe(1);
    const letters = JSON.parse(listed.out) as { id: string; key: string; lastError: string }[];
    expect(letters.map((l) => l.key)).toEqual([
      "petition-C-1:3:webhook",
      "petition-C-2:3:webhook",
      "petition-C-3:3:webhook",
    ]);
    expect(letters[0]!.lastError).toContain("ECONNREFUSED");

    const wrong = await run(["dispatch", "--db", db, "--redrive", "999"]);
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain("not a dead-lettered row: 999");
    const redriven = await run(["dispatch", "--db", db, "--redrive", "all"]);
    expect(redriven.out).toBe("re-driven: 3\n");

    const good = config("good.json", receiver.url, { console: {} });
    const delivered = await run(["dispatch", "--db", db, "--config", good, "--once"], env);
    expect(delivered.status).toBe(0);
    expect(delivered.out).toContain("3 claimed: 3 delivered, 0 to retry, 0 dead-lettered");
    expect(delivered.out).toMatch(/delivered +#\d+ petition-C-2:3:webhook \(attempt 1\) → hub/);
    expect(receiver.received.map((r) => [r.body.petitionId, r.duplicate])).toEqual([
      ["C-1", false],
      ["C-2", false],
      ["C-3", false],
    ]);
    expect(String((receiver.received[0]!.body.message as { text: string }).text)).toContain(
      "受理单位：市住房和城乡建设局",
    );
    expect(receiver.received.map((r) => r.idempotencyKey)).toEqual(letters.map((l) => l.id));

    const again = await run(["dispatch", "--db", db, "--config", good, "--once", "--json"], env);
    expect(JSON.parse(again.out)).toMatchObject({ claimed: 0, delivered: 0 });
    expect((await run(["dispatch", "--db", db, "--dead-letters"])).out).toBe("no dead letters\n");
  }, 60_000);

  it("needs --db, an existing file, and --config to deliver", async () => {
    expect((await run(["dispatch"])).err).toContain("--db FILE is required");
    expect((await run(["dispatch", "--db", "missing.db"])).err).toContain(
      "missing.db: no such file; check the path",
    );
    expect((await run(["dispatch", "--db", db, "--once"])).err).toContain(
      "--config FILE is required to deliver",
    );
  });
});
