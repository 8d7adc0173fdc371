import type { RequestType } from "@petitio/core";
import type { DraftPetition } from "./draft.js";

/** Due times of the stages an import fills in, as ISO-8601 with offset. */
export interface StageDeadlines {
  routing(receivedAt: number): string;
  acceptance(routedAt: number): string;
  /** A 12345 ticket's handling limit depends on its request type (BJ Art. 13). */
  handling(acceptedAt: number, requestType?: RequestType): string;
  reviewRequest(deliveredAt: number): string;
}

/** One dataset kind `petitio import <kind>` understands. */
export interface Importer {
  kind: string;
  /** One line for --help. */
  description: string;
  /** Default file under the data folder ($PETITIO_DATA). */
  defaultFile: string;
  /** Zone of the source's local times (they carry no offset). */
  timeZone: string;
  /** Name of the deadline policy used, for the summary line. */
  policyName: string;
  deadlines: StageDeadlines;
  /** Map one record; throw RecordSkipped for a record that cannot be used. */
  toPetition(record: Record<string, unknown>, source: string): DraftPetition;
}
