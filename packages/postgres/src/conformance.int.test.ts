import { describeEventStoreConformance, ManualClock } from "@petitio/core/conformance";
import { describePg, dropSchema, useTestDatabase } from "./test-support.js";

// The shared store contract (docs/storage.md), run unchanged against a real server:
// every store the suite asks for is a fresh schema in this file's database.
// The suite checks behaviour, not durability, so this database commits
// without waiting for fsync (synchronous_commit=off); the restart and
// durability tests use the server's default.
const clock = new ManualClock("2024-01-01T00:00:00Z");

describePg("postgres store", () => {
  const db = useTestDatabase(import.meta.url, { synchronous_commit: "off" });
  describeEventStoreConformance(
    "postgres",
    async () => {
      const store = await db.openStore({ clock, pollIntervalMs: 50 });
      return { store, cleanup: () => dropSchema(db.url(), store.schema) };
    },
    { clock },
  );
});
