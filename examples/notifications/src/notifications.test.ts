import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { notificationsExample } from "./notifications.js";

const dir = mkdtempSync(join(tmpdir(), "petitio-notifications-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("delivers the acceptance notice, the 催办 and the 督办 to a local receiver, each once", async () => {
  const lines = await notificationsExample(join(dir, "notifications.db"));
  expect(lines.map((l) => l.replace(/#\d+/, "#N"))).toEqual([
    "receiver got #N: 【受理告知】您的信访事项 2024-0001 已受理",
    "receiver got #N: 【催办单】信访事项 2024-0001 办理将于2024年12月9日到期",
    "receiver got #N: 【督办单·一级督办】信访事项 2024-0001 办理已超期 1 天",
    "dispatcher: 3 claimed, 3 delivered",
    "second run: 0 claimed",
    "log: 3 NotificationDelivered; status accepted → accepted",
  ]);
}, 60_000);
