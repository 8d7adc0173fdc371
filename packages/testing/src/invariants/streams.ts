import type { EventEnvelope } from "@petitio/core";

/** A log split into its streams, each in position order, keeping each event's index in the log. */
export interface IndexedEvent {
  readonly event: EventEnvelope;
  readonly index: number;
}

export const groupByStream = (
  events: readonly EventEnvelope[],
): Map<string, readonly IndexedEvent[]> => {
  const streams = new Map<string, IndexedEvent[]>();
  events.forEach((event, index) => {
    const stream = streams.get(event.streamId);
    if (stream) stream.push({ event, index });
    else streams.set(event.streamId, [{ event, index }]);
  });
  return streams;
};

/** Where an event sits, for a `Violation`. */
export const locate = ({ event, index }: IndexedEvent) => ({
  streamId: event.streamId,
  position: event.position,
  index,
});
