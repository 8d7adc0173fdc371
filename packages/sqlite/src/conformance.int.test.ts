import { rm } from "node:fs/promises";
import { describeEventStoreConformance, ManualClock } from "@petitio/core/conformance";
import { openSqliteStore } from "./sqlite-store.js";
import { tempDir } from "./test-support.js";

// The shared store contract (docs/storage.md), run unchanged on a real file with
// the default durability (synchronous=FULL).
const clock = new ManualClock("2024-01-01T00:00:00Z");

describeEventStoreConformance(
  "sqlite",
  async () => {
    const tmp = tempDir();
    const store = openSqliteStore(tmp.file("conformance.db"), { clock });
    return { store, cleanup: () => rm(tmp.dir, { recursive: true, force: true }) };
  },
  { clock },
);
