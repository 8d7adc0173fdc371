import type Database from "better-sqlite3";

/**
 * A time filter as a range of FTS5 rowids. Rowids are given in log order,
 * which mostly follows receipt time, so the index keeps, for each block of
 * 1,024 rowids, the earliest and latest receipt in it (about a thousand rows
 * at 1M petitions). The blocks that overlap [from, to) give the span of
 * rowids that can match; FTS5 seeks to that span instead of walking every
 * match of a common word. The span is a bound, not the filter: the
 * received_at condition still decides, so a petition received out of order
 * only widens the span.
 */
export const BLOCK_SIZE = 1024;

export const RECEIPT_BLOCKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_blocks (
  block INTEGER PRIMARY KEY, min_received INTEGER NOT NULL, max_received INTEGER NOT NULL
);`;

export interface RowidSpan {
  lo: number;
  hi: number;
}

export class ReceiptBlocks {
  private readonly upsert: Database.Statement;
  private readonly overlapping: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO search_blocks VALUES (?, ?, ?) ON CONFLICT (block) DO UPDATE SET
         min_received = min(min_received, excluded.min_received),
         max_received = max(max_received, excluded.max_received)`,
    );
    this.overlapping = db.prepare(
      "SELECT min(block) AS lo, max(block) AS hi FROM search_blocks WHERE max_received >= ? AND min_received < ?",
    );
  }

  /** Fill the table from the cases already indexed (a migration). */
  static rebuild(db: Database.Database): void {
    db.exec(`DELETE FROM search_blocks;
      INSERT INTO search_blocks SELECT id / ${BLOCK_SIZE}, min(received_at), max(received_at)
      FROM search_cases GROUP BY id / ${BLOCK_SIZE};`);
  }

  add(rowid: number | bigint, receivedAt: number): void {
    this.upsert.run(Math.floor(Number(rowid) / BLOCK_SIZE), receivedAt, receivedAt);
  }

  /** The rowids that can hold a receipt in [from, to), or null when none can. */
  span(from: number | undefined, to: number | undefined): RowidSpan | null {
    const row = this.overlapping.get(
      from ?? Number.MIN_SAFE_INTEGER,
      to ?? Number.MAX_SAFE_INTEGER,
    ) as {
      lo: number | null;
      hi: number | null;
    };
    if (row.lo === null || row.hi === null) return null;
    return { lo: row.lo * BLOCK_SIZE, hi: (row.hi + 1) * BLOCK_SIZE - 1 };
  }
}
