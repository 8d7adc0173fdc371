import type { Database } from "better-sqlite3";

/** One step of the schema. `up` runs inside the migration transaction. */
export interface Migration {
  /** The schema version after this step; steps are numbered 1, 2, 3, … without gaps. */
  readonly version: number;
  readonly description: string;
  up(db: Database): void;
}
