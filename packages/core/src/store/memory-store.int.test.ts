import { describeEventStoreConformance, ManualClock } from "../conformance.js";
import { MemoryEventStore } from "./memory-store.js";

const clock = new ManualClock("2024-01-01T00:00:00Z");

describeEventStoreConformance("memory", async () => ({ store: new MemoryEventStore({ clock }) }), {
  clock,
});
