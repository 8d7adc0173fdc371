import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPostgresStore } from "@petitio/postgres";
import { hotline12345 } from "./hotline12345.js";
import { quickstart } from "./quickstart.js";
import { reportCommandLine } from "./report-command.js";

// PETITIO_DATABASE_URL=postgres://… runs the same on PostgreSQL, in a fresh
// schema (so a second run starts empty too); otherwise a SQLite file.
const url = process.env.PETITIO_DATABASE_URL;
if (process.argv[2] === "--12345") {
  // The 12345 hotline mode (src/hotline12345.ts), on a SQLite file.
  const file = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), "petitio-")), "hotline12345.db");
  console.log(
    "\n12345 hotline mode (examples/quickstart, the 12345 profile on SQLite): tickets of the five request types, call-backs and a 每月一题 cycle",
  );
  for (const line of await hotline12345(file)) console.log(line);
  console.log(`log kept in ${file}; the same rates: ${reportCommandLine(file)}`);
} else if (url) {
  const schema = `quickstart_${Date.now()}`;
  const lines = await quickstart("", (clock) =>
    openPostgresStore({ connectionString: url, schema, clock }),
  );
  for (const line of lines) console.log(line);
  console.log(`log kept in PostgreSQL, schema ${schema}`);
} else {
  const file = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), "petitio-")), "quickstart.db");
  for (const line of await quickstart(file)) console.log(line);
  console.log(`log kept in ${file}`);
}
