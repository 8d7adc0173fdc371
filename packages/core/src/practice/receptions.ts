import type { EventEnvelope } from "../events/envelope.js";
import type { Decider } from "./rules.js";
import { requireNew, requireRole } from "./rules.js";

/**
 * Leaders' reception and case ownership (W22 Art. 18 ¶2–3): leaders receive
 * visitors at set times (定点接访), by appointment (重点约访), jointly with other
 * offices (联合会访, ¶3), or go down with cases (带案下访); a leader takes charge
 * of a prominent case until it is resolved (包案化解). Whether a 包案 case was
 * resolved is read from the petition's own stream, in the projection.
 */

export interface ReceptionState {
  receptionId: string;
}

export interface LeaderCaseState {
  petitionId: string;
  leaderId: string;
}

export const evolveReception = (state: ReceptionState | undefined, event: EventEnvelope) =>
  event.type === "ReceptionHeld" ? { receptionId: event.streamId } : state;

export const evolveLeaderCase = (state: LeaderCaseState | undefined, event: EventEnvelope) =>
  event.type === "LeaderTookCharge"
    ? {
        petitionId: String(event.data.petitionId),
        leaderId: String((event.data.leader as { id: string }).id),
      }
    : state;

const STAFF = ["intake", "agency", "supervisor"] as const;

export const recordReception: Decider<ReceptionState, "recordReception"> = {
  stream: "reception",
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, STAFF, "W22 Art. 18 ¶2");
    requireNew(c.type, state, "reception");
    return [
      {
        type: "ReceptionHeld",
        data: {
          kind: c.kind,
          leader: c.leader,
          org: c.org,
          ...(c.place === undefined ? {} : { place: c.place }),
          peopleReceived: c.peopleReceived,
          petitionIds: c.petitionIds,
        },
      },
    ];
  },
};

/** The command's `id` is the petition's id: one leader owns a case at a time. */
export const takeChargeOfCase: Decider<LeaderCaseState, "takeChargeOfCase"> = {
  stream: "leaderCase",
  decide(state, c, ctx) {
    requireRole(c.type, ctx.actor, ["agency", "supervisor"], "W22 Art. 18 ¶2");
    requireNew(c.type, state, "包案 for this petition");
    return [{ type: "LeaderTookCharge", data: { petitionId: c.id, leader: c.leader } }];
  },
};
