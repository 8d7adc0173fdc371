import { type EventEnvelope, type MetricRates, RATE_INPUTS, RATE_NAMES } from "@petitio/core";
import { typeCode } from "@petitio/core/adapter";

/** Of the events of one type: how many an importer synthesized (`meta.synthesized: true`). */
export interface SynthesizedShare {
  synthesized: number;
  total: number;
}

/**
 * Which rates rest on synthesized events: for each rate, the event types it
 * reads that the log holds synthesized, with their share. A rate listed here
 * partly measures the importer's assumptions (e.g. an acceptance placed a
 * minute after routing is always on time), not what the source recorded.
 */
export type RatesOnSynthesized = Partial<
  Record<keyof MetricRates, Record<string, SynthesizedShare>>
>;

export interface SynthesizedSummary {
  /** Synthesized events in the log (before asOf or not: the whole file). */
  events: number;
  rates: RatesOnSynthesized;
}

/** Counts events by type as they stream past, and the synthesized among them. */
export class SynthesizedTally {
  private readonly byType = new Map<string, SynthesizedShare>();
  /** The same shares by type code (type-codes.ts): one array read per event. */
  private readonly byCode: (SynthesizedShare | undefined)[] = [];

  /** Count one event (`code`: its type's, when the caller has it). */
  add(event: EventEnvelope, code = typeCode(event.type)): void {
    let share = this.byCode[code];
    if (!share) {
      share = { synthesized: 0, total: 0 };
      this.byCode[code] = share;
      this.byType.set(event.type, share);
    }
    share.total++;
    if (event.meta?.synthesized === true) share.synthesized++;
  }

  /** Pass the events through, counting. */
  async *count(events: AsyncIterable<EventEnvelope>): AsyncGenerator<EventEnvelope> {
    for await (const event of events) {
      this.add(event);
      yield event;
    }
  }

  /** Of these event types, the ones the log holds synthesized, with their share (for other reports' rates). */
  sharesOf(types: readonly string[]): Record<string, SynthesizedShare> {
    const shares: Record<string, SynthesizedShare> = {};
    for (const type of types) {
      const share = this.byType.get(type);
      if (share && share.synthesized > 0) shares[type] = { ...share };
    }
    return shares;
  }

  summary(): SynthesizedSummary {
    let events = 0;
    for (const share of this.byType.values()) events += share.synthesized;
    const rates: RatesOnSynthesized = {};
    for (const rate of RATE_NAMES) {
      const inputs: Record<string, SynthesizedShare> = {};
      for (const type of RATE_INPUTS[rate]) {
        const share = this.byType.get(type);
        if (share && share.synthesized > 0) inputs[type] = { ...share };
      }
      if (Object.keys(inputs).length > 0) rates[rate] = inputs;
    }
    return { events, rates };
  }
}
