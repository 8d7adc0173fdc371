import type { Database } from "better-sqlite3";
import { SchemaTooNewError } from "../errors.js";
import { initialSchema } from "./001-initial.js";
import { recordedMillis } from "./002-recorded-ms.js";
import { outboxAcked } from "./003-outbox-acked.js";
import { outboxDeadLetters } from "./004-outbox-dead-letters.js";
import { chainAndKeys } from "./005-chain-and-keys.js";
import type { Migration } from "./migration.js";

export type { Migration } from "./migration.js";

/** Every schema step, oldest first. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  recordedMillis,
  outboxAcked,
  outboxDeadLetters,
  chainAndKeys,
];

/** The schema version this release writes. */
export const CURRENT_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring the file up to `target` (default: current). The version lives in
 * `PRAGMA user_version`; it is read and every step applied inside one
 * IMMEDIATE transaction, so two processes opening a new file at once cannot
 * both migrate it, and a failed step leaves the file at its old version.
 */
export const migrate = (
  db: Database,
  path: string,
  target: number = CURRENT_SCHEMA_VERSION,
): number => {
  const run = db.transaction(() => {
    const from = db.pragma("user_version", { simple: true }) as number;
    if (from > CURRENT_SCHEMA_VERSION) {
      throw new SchemaTooNewError(path, from, CURRENT_SCHEMA_VERSION);
    }
    for (const step of MIGRATIONS) {
      if (step.version <= from || step.version > target) continue;
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
    return Math.max(from, Math.min(target, CURRENT_SCHEMA_VERSION));
  });
  return run.immediate();
};
