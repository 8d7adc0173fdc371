import type { EventEnvelope } from "@petitio/core";
import { InputError } from "../cli/errors.js";

/** The error for a log or store that holds no event: there is no moment to describe. */
export const emptyLogError = (path: string): InputError =>
  new InputError(
    path,
    "holds no events, so there is nothing to report (and no last event to take as --as-of); " +
      "import a dataset (petitio import) or export a store's log first",
  );

/**
 * Pass the events through; once they end, throw `emptyLogError` if there were
 * none, so a command never prints numbers "as of 1970-01-01" for an empty log.
 */
export async function* requireEvents(
  events: AsyncIterable<EventEnvelope>,
  path: string,
): AsyncGenerator<EventEnvelope> {
  let any = false;
  for await (const event of events) {
    any = true;
    yield event;
  }
  if (!any) throw emptyLogError(path);
}
