import { type EventEnvelope, type Projection, petitionIdOf } from "@petitio/core";

/**
 * What assist needs to know of each petition, folded from the log: its text,
 * who and where, where it went and how it was answered. A projection, so it
 * is rebuilt from any log or store and kept current event by event.
 */
export type CaseStatus =
  | "open"
  | "replied"
  | "concluded"
  | "merged"
  | "withdrawn"
  | "redirected"
  | "notAccepted";

export interface CaseReply {
  org: string;
  outcome: "supported" | "explained" | "notSupported";
  summary: string;
  legalBasis: string[];
  /** Epoch ms. */
  deliveredAt: number;
}

export interface CaseRecord {
  petitionId: string;
  title: string;
  content: string;
  category: string;
  topic: string | null;
  region: string | null;
  address: string | null;
  /** `id:…`, `phone:…`, `name:…` of each petitioner: the keys duplicate candidates share. */
  petitionerKeys: string[];
  /** Epoch ms of receivedAt. */
  receivedAt: number;
  registeredBy: string;
  /** The last org it was routed to, else the registering org (LOG-FORMAT "Grouping"). */
  org: string;
  status: CaseStatus;
  reply: CaseReply | null;
  mergedInto: string | null;
  repeatOf: string | null;
}

export interface CaseState {
  cases: Map<string, CaseRecord>;
}

type Data = Record<string, unknown>;
const str = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

const keysOf = (petitioners: unknown): string[] => {
  if (!Array.isArray(petitioners)) return [];
  const keys: string[] = [];
  for (const p of petitioners as Data[]) {
    const id = str(p.idNumber);
    const phone = str(p.phone);
    const name = str(p.name);
    if (id) keys.push(`id:${id.toUpperCase()}`);
    if (phone) keys.push(`phone:${phone.replace(/\D/g, "")}`);
    if (name) keys.push(`name:${name.trim()}`);
  }
  return keys;
};

const registered = (petitionId: string, d: Data): CaseRecord => {
  const location = (d.location ?? {}) as Data;
  const registeredBy = str(d.registeredBy) ?? "";
  return {
    petitionId,
    title: str(d.title) ?? "",
    content: str(d.content) ?? "",
    category: str(d.category) ?? "",
    topic: str(d.topic),
    region: str(location.region),
    address: str(location.address),
    petitionerKeys: keysOf(d.petitioners),
    receivedAt: Date.parse(str(d.receivedAt) ?? ""),
    registeredBy,
    org: registeredBy,
    status: "open",
    reply: null,
    mergedInto: null,
    repeatOf: null,
  };
};

const CLOSING: Record<string, CaseStatus> = {
  PetitionWithdrawn: "withdrawn",
  PetitionRedirected: "redirected",
  PetitionNotAccepted: "notAccepted",
};

export const applyCaseEvent = (state: CaseState, event: EventEnvelope): CaseState => {
  const petitionId = petitionIdOf(event.streamId);
  if (petitionId === undefined) return state;
  const d = event.data as Data;
  if (event.type === "PetitionRegistered") {
    state.cases.set(petitionId, registered(petitionId, d));
    return state;
  }
  const record = state.cases.get(petitionId);
  if (!record) return state;
  switch (event.type) {
    case "PetitionRouted":
      record.org = str(d.toOrg) ?? record.org;
      break;
    case "ReplyIssued":
      if (record.reply === null) {
        record.reply = {
          org: str(d.org) ?? record.org,
          outcome: (str(d.outcome) ?? "explained") as CaseReply["outcome"],
          summary: str(d.summary) ?? "",
          legalBasis: Array.isArray(d.legalBasis) ? (d.legalBasis as string[]) : [],
          deliveredAt: Date.parse(str(d.deliveredAt) ?? event.occurredAt),
        };
      }
      if (record.status === "open") record.status = "replied";
      break;
    case "PetitionMerged":
      record.status = "merged";
      record.mergedInto = str(d.intoPetitionId);
      break;
    case "RepeatPetitionLinked":
      record.repeatOf = str(d.previousPetitionId);
      break;
    case "PetitionConcluded":
      if (record.status === "open" || record.status === "replied") record.status = "concluded";
      break;
    default: {
      const closing = CLOSING[event.type];
      if (closing) record.status = closing;
    }
  }
  return state;
};

export const caseRecordsProjection: Projection<CaseState> = {
  name: "assist.cases",
  version: 1,
  init: () => ({ cases: new Map() }),
  apply: applyCaseEvent,
  toSnapshot: (state) => [...state.cases.values()],
  fromSnapshot: (data) => ({
    cases: new Map((data as CaseRecord[]).map((c) => [c.petitionId, c])),
  }),
};

/** Fold a whole log (array or stream) into case records, in log order. */
export const collectCases = async (
  events: Iterable<EventEnvelope> | AsyncIterable<EventEnvelope>,
): Promise<CaseRecord[]> => {
  const state = caseRecordsProjection.init();
  for await (const event of events) applyCaseEvent(state, event);
  return [...state.cases.values()];
};

/** Title and content as one text, the unit every assist module reads. */
export const caseText = (c: { title: string; content: string }): string =>
  c.content.startsWith(c.title) ? c.content : `${c.title}\n${c.content}`;
