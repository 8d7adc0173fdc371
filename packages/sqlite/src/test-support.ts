import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock, NewEvent } from "@petitio/core";

/** Helpers shared by this package's tests (not exported from the package). */

/** A fresh directory for one test file's databases; `cleanup` removes it. */
export const tempDir = (): { dir: string; file: (name: string) => string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "petitio-sqlite-"));
  return {
    dir,
    file: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** A clock that moves one second per reading, from a fixed start, in +08:00. */
export const steppingClock = (startMs = Date.parse("2024-03-01T09:00:00+08:00")): Clock => {
  let ms = startMs;
  return {
    now: () => {
      const iso = new Date(ms + 8 * 3_600_000).toISOString().replace("Z", "+08:00");
      ms += 1000;
      return iso;
    },
  };
};

export const withdrawn = (reason: string, occurredAt = "2024-03-01T10:00:00+08:00"): NewEvent => ({
  type: "PetitionWithdrawn",
  data: { reason },
  occurredAt,
  actor: { id: "p-1", role: "petitioner" },
});

export const registered = (petitionId: string): NewEvent => ({
  type: "PetitionRegistered",
  data: {
    petitionId,
    channel: "online",
    anonymous: false,
    petitioners: [{ name: "张三", phone: "13800000000" }],
    title: "小区噪音扰民",
    content: "夜间施工噪音严重，请求处理。",
    category: "claim",
    topic: "城市管理",
    receivedAt: "2024-03-01T09:30:00+08:00",
    registeredBy: "bureau",
    routingDueAt: "2024-03-16T23:59:59+08:00",
  },
  occurredAt: "2024-03-01T09:30:00+08:00",
  actor: { id: "clerk-1", role: "intake", org: "bureau" },
  meta: { correlationId: `c-${petitionId}` },
});
