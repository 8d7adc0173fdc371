// Imported through the package's public entry points, as an adapter would.
import { MemoryEventStore } from "@petitio/core";
import { describeEventStoreConformance, ManualClock } from "@petitio/core/conformance";

const clock = new ManualClock("2024-01-01T00:00:00Z");

describeEventStoreConformance("memory", async () => ({ store: new MemoryEventStore({ clock }) }), {
  clock,
});
