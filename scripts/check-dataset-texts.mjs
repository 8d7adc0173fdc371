// Looks for the real datasets' texts in the files git tracks, so none is
// committed by accident (the Chinese datasets have no licence to redistribute).
// Every string of 20 characters or more in a record is checked by each of its
// 20-character windows holding at least 10 letters (runs of spaces or dashes
// prove nothing); shorter titles (10–19 characters) are checked whole.
// A window also found in the law texts (PETITIO_LAWS) is a quotation of the
// law, not of a citizen, and so is only listed. NYC 311 is open data (NYC Open
// Data terms of use): its hits are listed, not failed. Gzipped files are read
// unpacked; images are skipped (their texts are blanked when they are made).
// Usage: node scripts/check-dataset-texts.mjs [dataDir] (default $PETITIO_DATA).
// Exit 1 when a text of a dataset without an open licence is found.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

const WINDOW = 20;
const SHORT_MIN = 10;
const LETTERS = 10;
const OPEN_DATA = ["nyc311/"];
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const dataDir = resolve(
  process.argv[2] ?? process.env.PETITIO_DATA ?? join(root, "../shared/data"),
);

const lawsDir = resolve(process.env.PETITIO_LAWS ?? join(dataDir, "../laws"));
const laws = (() => {
  try {
    return readdirSync(lawsDir)
      .map((f) => readFileSync(join(lawsDir, f), "utf8"))
      .join("\n");
  } catch {
    return "";
  }
})();
const wordy = (w) => (w.match(/\p{L}/gu)?.length ?? 0) >= LETTERS;

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f !== "" && !/\.(png|jpe?g|gif|webp|ico)$/i.test(f));
const texts = tracked.map((file) => {
  const bytes = readFileSync(join(root, file));
  return { file, text: (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8") };
});

/** Every 20-character window of the tracked files, and where it first occurs. */
const windows = new Map();
for (const [index, { text }] of texts.entries()) {
  for (let i = 0; i + WINDOW <= text.length; i++) {
    const w = text.slice(i, i + WINDOW);
    if (!windows.has(w) && wordy(w)) windows.set(w, index);
  }
}

const jsonlFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsonlFiles(join(dir, e.name))
      : e.name.endsWith(".jsonl")
        ? [join(dir, e.name)]
        : [],
  );

const hits = [];
const shortTitles = new Map();
let checked = 0;
for (const path of jsonlFiles(dataDir)) {
  const name = path.slice(dataDir.length + 1);
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line);
    for (const [field, value] of Object.entries(record)) {
      if (typeof value !== "string") continue;
      const text = value.trim();
      if (text.length >= WINDOW) {
        checked++;
        for (let i = 0; i + WINDOW <= text.length; i++) {
          const at = windows.get(text.slice(i, i + WINDOW));
          if (at !== undefined) {
            hits.push({
              dataset: name,
              field,
              window: text.slice(i, i + WINDOW),
              file: texts[at].file,
            });
            break;
          }
        }
      } else if (field === "title" && text.length >= SHORT_MIN) {
        shortTitles.set(text, `${name} ${field}`);
      }
    }
  }
}

// Short titles, whole: every substring of those lengths of the tracked files.
const lengths = new Set([...shortTitles.keys()].map((t) => t.length));
for (const { file, text } of texts) {
  for (const n of lengths) {
    for (let i = 0; i + n <= text.length; i++) {
      const where = shortTitles.get(text.slice(i, i + n));
      if (where !== undefined) {
        const [dataset, field] = where.split(" ");
        hits.push({ dataset, field, window: text.slice(i, i + n), file });
      }
    }
  }
}

const kind = (h) =>
  laws.includes(h.window)
    ? "law quotation"
    : OPEN_DATA.some((d) => h.dataset.startsWith(d))
      ? "open data"
      : "DATASET TEXT";
const failing = hits.filter((h) => kind(h) === "DATASET TEXT");
console.log(
  `${tracked.length} tracked files (${windows.size} distinct ${WINDOW}-character windows); ` +
    `${checked} dataset strings of ${WINDOW}+ characters and ${shortTitles.size} shorter titles checked`,
);
const lines = new Map();
for (const h of hits) {
  const line = `${kind(h)}: ${h.dataset} ${h.field} ${JSON.stringify(h.window)} in ${h.file}`;
  lines.set(line, (lines.get(line) ?? 0) + 1);
}
for (const [line, n] of lines) console.log(n > 1 ? `${line} (${n} records)` : line);
console.log(
  failing.length === 0
    ? `no text of a dataset without an open licence found (${hits.length - failing.length} law quotations or open-data labels listed)`
    : `${failing.length} dataset texts found`,
);
process.exitCode = failing.length === 0 ? 0 : 1;
