/**
 * Reply review (审核) on the real replies of att4_full_replies.jsonl: the
 * share of replies each check flags, with example message ids.
 * Run: pnpm eval:assist review
 */
import { type CheckName, reviewReply } from "../src/review/reply-checks.js";
import { readJsonl, requireData } from "./data.js";
import { pct } from "./format.js";

const REPLIES = "teddycup2020_c/att4_full_replies.jsonl";

interface ReplyRecord {
  message_id: string;
  title: string;
  body: string;
  created_at: string;
  reply_body?: string;
  replied_at?: string;
}

const localMs = (text: string): number => Date.parse(`${text}+08:00`);

export const runReviewEval = (): void => {
  requireData(REPLIES);
  const records = readJsonl<ReplyRecord>(REPLIES).filter((r) => r.reply_body && r.replied_at);
  const flagged = new Map<string, string[]>();
  let clean = 0;
  for (const r of records) {
    const findings = reviewReply({
      petition: { title: r.title, content: r.body, receivedAt: localMs(r.created_at) },
      reply: { text: r.reply_body ?? "", deliveredAt: localMs(r.replied_at ?? r.created_at) },
    });
    if (findings.length === 0) clean++;
    for (const f of findings) {
      const key = `${f.check} (${f.severity})`;
      flagged.set(key, [...(flagged.get(key) ?? []), r.message_id]);
    }
  }
  console.log(
    `\n# reply review on the ${records.length} replies of ${REPLIES} (outcome read from the reply's words)`,
  );
  const order: CheckName[] = [
    "substance",
    "legalBasis",
    "requestsAnswered",
    "remedyRoute",
    "outcomeConsistent",
    "deadline",
    "personalData",
  ];
  const keys = [...flagged.keys()].sort(
    (a, b) =>
      order.indexOf(a.split(" ")[0] as CheckName) - order.indexOf(b.split(" ")[0] as CheckName),
  );
  for (const key of keys) {
    const ids = flagged.get(key) ?? [];
    console.log(
      `  ${key.padEnd(30)} ${String(ids.length).padStart(5)}  ${pct(ids.length / records.length).padStart(6)}  e.g. ${ids.slice(0, 4).join(", ")}`,
    );
  }
  console.log(
    `  no finding at all             ${String(clean).padStart(5)}  ${pct(clean / records.length).padStart(6)}`,
  );
};
