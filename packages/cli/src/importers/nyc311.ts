import type { Actor, Channel } from "@petitio/core";
import { formatInZone, localToInstant } from "../util/zoned-time.js";
import { type DraftEvent, type DraftPetition, MINUTE } from "./draft.js";
import { registrationEvent, replyThenLapse } from "./draft-events.js";
import type { Importer, StageDeadlines } from "./importer.js";
import { RecordSkipped, text } from "./source-records.js";

/**
 * NYC 311 service requests (NYC Open Data): created, due and closed dates in
 * New York local time (EST/EDT). The request's own due date is its handling
 * limit (authoritative, kept as given); other limits come from an Open311-style
 * policy. 311 routes a request to the agency at once: routing and acceptance
 * are synthesized a minute apart; a closed request is replied (the resolution
 * description) and concluded when the policy's window after the answer lapses
 * (311 has no review stage; "resolved" would need a satisfaction rating).
 */

const TZ = "America/New_York";
const HUB = "NYC311";

/**
 * 311's channel field. An unrecorded or other channel is taken as a call (311 is a
 * telephone service first), never as "hotline": a petition on the hotline channel
 * is a 12345 ticket, and the report would judge it by Beijing's 接诉即办 rates.
 */
const CHANNELS: Record<string, Channel> = {
  PHONE: "phone",
  ONLINE: "online",
  MOBILE: "online",
};
const channelOf = (value: string | undefined): Channel =>
  (value === undefined ? undefined : CHANNELS[value]) ?? "phone";

/** Statuses at which the agency has taken the request on. */
const ACCEPTED_STATUSES = new Set(["Assigned", "In Progress", "Pending", "Started", "Closed"]);

export const createNyc311Importer = (deadlines: StageDeadlines, policyName: string): Importer => ({
  kind: "nyc311",
  description: "NYC 311 service requests (created, due, closed) under an Open311-style policy",
  defaultFile: "nyc311/nyc311_2011_sample_2000.jsonl",
  timeZone: TZ,
  policyName,
  deadlines,
  toPetition(record, source): DraftPetition {
    const id = text(record, "unique_key");
    const created = text(record, "created_date");
    if (!id) throw new RecordSkipped("no unique_key");
    if (!created) throw new RecordSkipped("no created_date");
    const iso = (ms: number): string => formatInZone(ms, TZ);
    const petitionId = `nyc311-${id}`;
    const agencyCode = text(record, "agency") ?? "NYC";
    const complaint = text(record, "complaint_type") ?? "Service request";
    const descriptor = text(record, "descriptor");
    const borough = text(record, "borough");
    const address = text(record, "incident_address");
    const lat = Number(text(record, "latitude"));
    const lng = Number(text(record, "longitude"));
    const status = text(record, "status") ?? "Open";
    const createdMs = localToInstant(created, TZ);
    const hub: Actor = { id: "311-operator", role: "intake", org: HUB };
    const agency: Actor = { id: `${agencyCode}-staff`, role: "agency", org: agencyCode };

    const events: DraftEvent[] = [
      registrationEvent(
        {
          at: createdMs,
          intake: hub,
          registeredBy: HUB,
          data: {
            petitionId,
            channel: channelOf(text(record, "open_data_channel_type")),
            anonymous: true,
            petitioners: [],
            title: descriptor ? `${complaint}: ${descriptor}` : complaint,
            content: [complaint, descriptor, text(record, "location_type"), address]
              .filter(Boolean)
              .join(" — "),
            category: "claim",
            topic: complaint,
            location: {
              ...(borough ? { region: borough } : {}),
              ...(address ? { address } : {}),
              ...(Number.isFinite(lat) && Number.isFinite(lng) && lat !== 0 ? { lat, lng } : {}),
            },
          },
        },
        deadlines,
        TZ,
      ),
    ];
    const routedMs = createdMs + MINUTE;
    events.push({
      type: "PetitionRouted",
      at: routedMs,
      actor: hub,
      data: { toOrg: agencyCode, mode: "assign", acceptanceDueAt: deadlines.acceptance(routedMs) },
      synthesized: true,
    });

    const closed = text(record, "closed_date");
    const closedLocal =
      closed ?? (status === "Closed" ? text(record, "resolution_action_updated_date") : undefined);
    if (!ACCEPTED_STATUSES.has(status) && closedLocal === undefined) {
      return { petitionId, source, events };
    }
    const acceptedMs = routedMs + MINUTE;
    const due = text(record, "due_date");
    const dueMs = due === undefined ? undefined : localToInstant(due, TZ);
    events.push({
      type: "PetitionAccepted",
      at: acceptedMs,
      actor: agency,
      data: {
        org: agencyCode,
        noticeSent: false,
        // The request's own due date is authoritative (LOG-FORMAT: due times are data).
        handlingDueAt:
          dueMs !== undefined && dueMs > acceptedMs ? iso(dueMs) : deadlines.handling(acceptedMs),
      },
      synthesized: true,
    });
    if (closedLocal === undefined) return { petitionId, source, events };

    const closedMs = localToInstant(closedLocal, TZ);
    const at = Math.max(closedMs, acceptedMs + MINUTE);
    const adjusted =
      closed === undefined
        ? "closed_date missing: resolution_action_updated_date used"
        : at !== closedMs
          ? "closed_date is before created_date"
          : undefined;
    // 311 has no review: the request closes when the (policy's) window after the
    // answer lapses. Concluding as "resolved" would need a satisfaction rating.
    events.push(
      ...replyThenLapse(
        {
          at,
          agency,
          org: agencyCode,
          summary:
            text(record, "resolution_description") ??
            "Closed (no resolution description in the source).",
          legalBasis: [],
          adjusted,
          // The source says it is closed: a 2024 snapshot's request closed on its
          // last day must not read as open because its one-day window ends later.
          closedInSource: true,
        },
        deadlines,
        TZ,
      ),
    );
    return { petitionId, source, events };
  },
});
