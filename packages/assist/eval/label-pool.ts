/**
 * The pool of att3_full_votes.jsonl pairs that were hand-labelled for the
 * duplicate evaluation (docs/assist.md "How the pairs were labelled"). A pair
 * is in the pool when either
 *   1. its texts (title + body) share ≥ 30 % of their character 3-grams
 *      (Jaccard), whoever wrote them, or
 *   2. one user wrote both and their titles share ≥ 25 % of character bigrams.
 * Neither rule is the detector's: the pool holds re-posts, follow-ups and the
 * hard negatives (one template for two estates) alike.
 * Run: pnpm eval:assist label-pool > pool.txt  (prints texts: never commit them)
 */
import { charNgrams, words } from "../src/text/normalize.js";
import { readJsonl, requireData } from "./data.js";

export const VOTES = "teddycup2020_c/att3_full_votes.jsonl";

export interface VoteRecord {
  message_id: string;
  user_id: string;
  title: string;
  body: string;
  created_at: string;
}

const jaccard = (a: Set<string>, b: Set<string>): number => {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared || 1);
};

export const labelPool = (
  records: readonly VoteRecord[],
): { a: string; b: string; rule: string; j: number }[] => {
  const grams = records.map((r) => new Set(charNgrams(`${r.title}${r.body}`, 3, 3)));
  const titles = records.map((r) => new Set(charNgrams(r.title, 2, 2)));
  // Inverted index over 3-grams shared by few texts: pairs sharing none cannot reach 30 %.
  const postings = new Map<string, number[]>();
  grams.forEach((set, i) => {
    for (const g of set) {
      const list = postings.get(g);
      if (list) list.push(i);
      else postings.set(g, [i]);
    }
  });
  const seen = new Set<string>();
  const out: { a: string; b: string; rule: string; j: number }[] = [];
  const consider = (i: number, k: number): void => {
    const [x, y] = i < k ? [i, k] : [k, i];
    const key = `${x}:${y}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ra = records[x] as VoteRecord;
    const rb = records[y] as VoteRecord;
    const j = jaccard(grams[x] as Set<string>, grams[y] as Set<string>);
    if (j >= 0.3) out.push({ a: ra.message_id, b: rb.message_id, rule: "text", j });
    else if (
      ra.user_id === rb.user_id &&
      jaccard(titles[x] as Set<string>, titles[y] as Set<string>) >= 0.25
    ) {
      out.push({ a: ra.message_id, b: rb.message_id, rule: "user", j });
    }
  };
  for (const list of postings.values()) {
    if (list.length > 40) continue;
    for (let p = 0; p < list.length; p++)
      for (let q = p + 1; q < list.length; q++) consider(list[p] as number, list[q] as number);
  }
  const byUser = new Map<string, number[]>();
  records.forEach((r, i) => {
    byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), i]);
  });
  for (const list of byUser.values()) {
    for (let p = 0; p < list.length; p++)
      for (let q = p + 1; q < list.length; q++) consider(list[p] as number, list[q] as number);
  }
  return out.sort((x, y) => Number(x.a) - Number(y.a) || Number(x.b) - Number(y.b));
};

export const runLabelPool = (): void => {
  requireData(VOTES);
  const records = readJsonl<VoteRecord>(VOTES);
  const byId = new Map(records.map((r) => [r.message_id, r]));
  const pool = labelPool(records);
  console.log(`# ${pool.length} pairs`);
  for (const p of pool) {
    const a = byId.get(p.a) as VoteRecord;
    const b = byId.get(p.b) as VoteRecord;
    const wa = new Set(words(`${a.title}${a.body}`));
    const wb = new Set(words(`${b.title}${b.body}`));
    const onlyA = [...wa].filter((w) => !wb.has(w) && w.length > 1).slice(0, 10);
    const onlyB = [...wb].filter((w) => !wa.has(w) && w.length > 1).slice(0, 10);
    const same = a.user_id === b.user_id ? "U" : "-";
    console.log(
      `${p.a} ${p.b} ${p.rule[0]}${same} ${p.j.toFixed(2)} | ${a.title} || ${b.title} | ${onlyA.slice(0, 8).join(" ")} / ${onlyB.slice(0, 8).join(" ")}`,
    );
  }
};
