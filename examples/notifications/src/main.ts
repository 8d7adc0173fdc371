import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { notificationsExample } from "./notifications.js";

const file = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), "petitio-")), "notifications.db");
for (const line of await notificationsExample(file)) console.log(line);
console.log(`log kept in ${file}`);
