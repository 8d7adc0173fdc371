import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quickstart } from "./quickstart.js";

const file = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), "petitio-")), "quickstart.db");
for (const line of await quickstart(file)) console.log(line);
console.log(`log kept in ${file}`);
