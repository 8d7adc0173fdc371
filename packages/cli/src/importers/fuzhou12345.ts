import type { Actor, Category, Channel, RequestType } from "@petitio/core";
import { localToInstant } from "../util/zoned-time.js";
import { citedDocuments } from "./cited-documents.js";
import { DAY, type DraftEvent, type DraftPetition, HOUR, MINUTE } from "./draft.js";
import { registrationEvent, replyThenLapse } from "./draft-events.js";
import type { Importer, StageDeadlines } from "./importer.js";
import { integer, RecordSkipped, text } from "./source-records.js";

/**
 * Fuzhou 12345 hotline complaints about urban rivers. The source gives days, not
 * times: received date, number of transfers (re-routings), days to the first
 * transfer and the final reply date. A record is registered at 09:00 on its
 * received date and replied at 17:00 on its reply date (times of day are not in
 * the source); the first transfer is placed on its recorded day, every later
 * transfer (an objection by the previous unit, then a new routing, as in
 * W22 Art. 23 ¶3 practice) and the acceptance are synthesized between them.
 *
 * Under the 12345 profile: the record's nature is the ticket's request type
 * (BJ Art. 11), which sets its handling limit (Art. 13). The source records no
 * call-back (回访), so none is synthesized: 解决率 and 满意率 have no cases, and
 * the report says so rather than guessing the callers' ratings.
 */

const TZ = "Asia/Shanghai";
const HOTLINE = "福州市12345";

const CHANNELS: Record<string, Channel> = {
  网站: "online",
  电话: "hotline",
  e福州app: "online",
  "12345app": "online",
  微信: "online",
  qq: "online",
  QQ: "online",
  短信: "phone",
  微博: "online",
  邮件: "email",
};

/** 咨询 / 求助 / 投诉 / 举报 / 建议 (BJ Art. 11). */
const REQUEST_TYPES: Record<string, RequestType> = {
  咨询: "consultation",
  求助: "help",
  投诉: "complaint",
  举报: "report",
  建议: "suggestion",
};

const CATEGORIES: Record<string, Category> = {
  投诉: "accusation",
  举报: "accusation",
  建议: "suggestion",
  咨询: "claim",
  求助: "claim",
};

export const createFuzhouImporter = (deadlines: StageDeadlines, policyName: string): Importer => ({
  kind: "fuzhou12345",
  description: "Fuzhou 12345 river complaints 2006–2020 (transfers, days to reply)",
  defaultFile: "fuzhou12345/fuzhou12345_river_complaints.jsonl",
  timeZone: TZ,
  policyName,
  deadlines,
  toPetition(record, source): DraftPetition {
    const id = text(record, "record_id");
    const receivedDate = text(record, "received_date");
    const title = text(record, "title");
    if (!id) throw new RecordSkipped("no record_id");
    if (!receivedDate || !/^\d{4}-\d{2}-\d{2}$/.test(receivedDate)) {
      throw new RecordSkipped("no received_date");
    }
    if (!title) throw new RecordSkipped("no title");
    const petitionId = `fuzhou12345-${id}`;
    const district = text(record, "district");
    const river = text(record, "river");
    const nature = text(record, "nature") ?? "投诉";
    const channelName = text(record, "channel") ?? "电话";
    const anonymous = record.anonymous !== false;
    const receivedMs = localToInstant(`${receivedDate}T09:00:00`, TZ);
    const replyDate = text(record, "final_reply_date");
    const replyMs =
      replyDate && /^\d{4}-\d{2}-\d{2}$/.test(replyDate)
        ? Math.max(localToInstant(`${replyDate}T17:00:00`, TZ), receivedMs + HOUR)
        : undefined;
    const hotline: Actor = { id: "12345-operator", role: "intake", org: HOTLINE };
    const unit = (n: number, of: number): string =>
      n === of ? `${district ?? "福州市"}承办单位` : `${district ?? "福州市"}转办单位${n}`;

    const events: DraftEvent[] = [
      registrationEvent(
        {
          at: receivedMs,
          intake: hotline,
          registeredBy: HOTLINE,
          data: {
            petitionId,
            channel: CHANNELS[channelName] ?? "hotline",
            anonymous,
            petitioners: [],
            title,
            content: text(record, "body") ?? title,
            category: CATEGORIES[nature] ?? "claim",
            ...(REQUEST_TYPES[nature] ? { requestType: REQUEST_TYPES[nature] } : {}),
            ...(river ? { topic: river } : {}),
            location: { region: district ?? "福州市", ...(river ? { address: river } : {}) },
          },
        },
        deadlines,
        TZ,
      ),
    ];

    // Transfers: at least one (a reply needs a handling unit).
    const transfers = Math.max(1, integer(record, "transfer_count") ?? 1);
    const end = replyMs ?? receivedMs + 30 * DAY;
    // Leave room before the reply for every later step, a minute each.
    const latest = end - (2 * transfers + 1) * MINUTE;
    const firstDays = integer(record, "days_to_first_transfer");
    const recordedFirst =
      firstDays === undefined
        ? undefined
        : localToInstant(`${receivedDate}T10:00:00`, TZ) + firstDays * DAY;
    const firstMs = Math.max(
      receivedMs + MINUTE,
      Math.min(recordedFirst ?? receivedMs + HOUR, latest),
    );
    const firstReal = recordedFirst !== undefined && firstMs === recordedFirst;
    const span = Math.max(0, latest - firstMs);
    let previousOrg = "";
    let previousRoutedMs = receivedMs;
    for (let n = 1; n <= transfers; n++) {
      const planned = firstMs + Math.round((span * (n - 1)) / transfers);
      const toOrg = unit(n, transfers);
      if (n > 1) {
        // The previous unit objects soon after receiving it (within the 5-working-day window).
        const soon = previousRoutedMs + Math.min(DAY, (planned - previousRoutedMs) / 2);
        const objectedMs = Math.max(previousRoutedMs + 1000, Math.round(soon));
        events.push({
          type: "RoutingObjected",
          at: objectedMs,
          actor: { id: `officer-${n - 1}`, role: "agency", org: previousOrg },
          // The hotline must route again within the routing limit, from the objection.
          data: {
            byOrg: previousOrg,
            reason: "不属于本单位职责范围，申请退回重新派单",
            routingDueAt: deadlines.routing(objectedMs),
          },
          synthesized: true,
        });
      }
      const routedMs = Math.max(planned, (events.at(-1)?.at ?? planned) + 1000);
      events.push({
        type: "PetitionRouted",
        at: routedMs,
        actor: hotline,
        data: { toOrg, mode: "assign", acceptanceDueAt: "" },
        ...(n === 1 && firstReal ? {} : { synthesized: true }),
        ...(n === 1 && recordedFirst !== undefined && !firstReal
          ? { adjusted: "days_to_first_transfer is after the final reply" }
          : {}),
      });
      previousOrg = toOrg;
      previousRoutedMs = routedMs;
    }
    for (const e of events) {
      if (e.type === "PetitionRouted") e.data.acceptanceDueAt = deadlines.acceptance(e.at);
    }
    const agency: Actor = { id: "officer-final", role: "agency", org: previousOrg };
    const acceptedMs = (events.at(-1)?.at ?? receivedMs) + MINUTE;
    events.push({
      type: "PetitionAccepted",
      at: acceptedMs,
      actor: agency,
      data: {
        org: previousOrg,
        noticeSent: !anonymous,
        handlingDueAt: deadlines.handling(acceptedMs, REQUEST_TYPES[nature]),
      },
      synthesized: true,
    });
    if (replyMs !== undefined) {
      const at = Math.max(replyMs, acceptedMs + MINUTE);
      events.push(
        ...replyThenLapse(
          {
            at,
            agency,
            org: previousOrg,
            summary: text(record, "reply") ?? "（答复正文缺失）",
            legalBasis: citedDocuments(text(record, "reply")),
            adjusted: at !== replyMs ? "reply placed after the synthesized transfers" : undefined,
          },
          deadlines,
          TZ,
        ),
      );
    }
    return { petitionId, source, events };
  },
});
