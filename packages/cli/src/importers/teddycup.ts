import type { Category } from "@petitio/core";
import { localToInstant } from "../util/zoned-time.js";
import { citedDocuments } from "./cited-documents.js";
import { DAY, type DraftEvent, type DraftPetition, MINUTE } from "./draft.js";
import { registrationEvent, replyThenLapse } from "./draft-events.js";
import type { Importer, StageDeadlines } from "./importer.js";
import { RecordSkipped, text } from "./source-records.js";

/**
 * TipDM Cup 2020 problem C, attachment 4: messages to a provincial 问政 board
 * with the official reply. The source has two facts per record, received and
 * replied; routing, acceptance and the lapse of the review window are
 * synthesized between them under the national policy (W22 Art. 22, 23, 34, 35).
 */

const TZ = "Asia/Shanghai";
const BOARD = "问政西地省";

/** Topic = one of the board's own first-level classes (att2 label_l1), by keywords. */
const TOPIC_KEYWORDS: readonly (readonly [string, RegExp])[] = [
  ["教育文体", /学校|学生|教师|老师|幼儿园|教育|招生|学位|培训|体育|文化/],
  ["卫生计生", /医院|医疗|医保|卫生|计生|生育|疫苗|药/],
  ["劳动和社会保障", /社保|养老|工资|欠薪|劳动|就业|退休|失业|人社|公积金/],
  ["交通运输", /公交|交通|道路|地铁|出租车|红绿灯|停车|高速|车站|驾/],
  ["环境保护", /污染|噪音|噪声|扰民|排放|垃圾|环保|油烟|臭|粉尘/],
  ["商贸旅游", /商家|商户|消费|旅游|景区|市场|价格|超市|门店|快递/],
  ["城乡建设", /小区|物业|房|拆迁|建设|施工|规划|业主|开发商|违建|供水|停水|停电/],
];

export const teddycupTopic = (title: string, body: string): string => {
  for (const [topic, pattern] of TOPIC_KEYWORDS) if (pattern.test(title)) return topic;
  for (const [topic, pattern] of TOPIC_KEYWORDS) if (pattern.test(body)) return topic;
  return "其他";
};

/** Category (LOG-FORMAT enumeration) from the wording of the title. */
export const teddycupCategory = (title: string): Category => {
  if (/举报|投诉|违法|违规|乱收费|不作为/.test(title)) return "accusation";
  if (/建议|希望|能否|可否|呼吁|提议/.test(title)) return "suggestion";
  return "claim";
};

/** The city or district named first in the title or body (A市, A2区, B县…), the handling unit. */
const regionOf = (title: string, body: string): string | undefined =>
  /([A-L]\d{0,2}[市区县])/.exec(title)?.[1] ?? /([A-L]\d{0,2}[市区县])/.exec(body)?.[1];

export const createTeddycupImporter = (
  deadlines: StageDeadlines,
  policyName: string,
): Importer => ({
  kind: "teddycup",
  description:
    "TipDM Cup 2020 C att4: provincial online petitions with replies (received → replied)",
  defaultFile: "teddycup2020_c/att4_full_replies.jsonl",
  timeZone: TZ,
  policyName,
  deadlines,
  toPetition(record, source): DraftPetition {
    const id = text(record, "message_id");
    const created = text(record, "created_at");
    const replied = text(record, "replied_at");
    const title = text(record, "title");
    const body = text(record, "body") ?? title;
    if (!id) throw new RecordSkipped("no message_id");
    if (!created || !title || !body) throw new RecordSkipped("no created_at or title");
    const receivedMs = localToInstant(created, TZ);
    const region = regionOf(title, body);
    const org = region ? `${region}人民政府` : "西地省人民政府";
    const intake = { id: "board-intake", role: "intake" as const, org: BOARD };
    const agency = { id: `officer-${region ?? "province"}`, role: "agency" as const, org };
    const userId = text(record, "user_id");
    const events: DraftEvent[] = [
      registrationEvent(
        {
          at: receivedMs,
          intake,
          registeredBy: BOARD,
          data: {
            petitionId: `teddycup-${id}`,
            channel: "online",
            anonymous: userId === undefined,
            petitioners: userId === undefined ? [] : [{ name: userId }],
            title,
            content: body,
            category: teddycupCategory(title),
            topic: teddycupTopic(title, body),
            ...(region ? { location: { region } } : {}),
          },
        },
        deadlines,
        TZ,
      ),
    ];
    const repliedMs = replied === undefined ? undefined : localToInstant(replied, TZ);
    // Routing and acceptance are not in the source: place them early in the
    // interval before the reply (at most a day each), or a day each when there is no reply.
    const gap = repliedMs === undefined ? 2 * DAY : Math.max(0, repliedMs - receivedMs);
    const step = Math.max(MINUTE / 60, Math.min(DAY, gap / 3));
    const routedMs = receivedMs + step;
    const acceptedMs = routedMs + step;
    events.push(
      {
        type: "PetitionRouted",
        at: routedMs,
        actor: intake,
        data: { toOrg: org, mode: "transfer", acceptanceDueAt: deadlines.acceptance(routedMs) },
        synthesized: true,
      },
      {
        type: "PetitionAccepted",
        at: acceptedMs,
        actor: agency,
        data: { org, noticeSent: true, handlingDueAt: deadlines.handling(acceptedMs) },
        synthesized: true,
      },
    );
    if (repliedMs !== undefined) {
      const at = Math.max(repliedMs, acceptedMs);
      // No review was requested on the board: the petition concludes when the 30-day window lapses.
      events.push(
        ...replyThenLapse(
          {
            at,
            agency,
            org,
            summary: text(record, "reply_body") ?? "（答复正文缺失）",
            legalBasis: citedDocuments(text(record, "reply_body")),
            adjusted:
              at !== repliedMs ? "replied_at moved after the synthesized acceptance" : undefined,
          },
          deadlines,
          TZ,
        ),
      );
    }
    return { petitionId: `teddycup-${id}`, source, events };
  },
});
