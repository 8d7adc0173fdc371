import {
  ACTOR_ROLES,
  type Actor,
  CATEGORIES,
  CHANNELS,
  COMMAND_TYPES,
  CONTACT_METHODS,
  type CommandInput,
  type CommandType,
  DECISION_OUTCOMES,
  RATINGS,
  RECOMMENDATION_KINDS,
  REDIRECT_CHANNELS,
  REPLY_OUTCOMES,
} from "@petitio/core";
import fc from "fast-check";
import { chineseSentenceArb, petitionTextArb } from "./chinese-text.js";
import { petitionerArb } from "./petitioners.js";

/**
 * Commands of every type, well-formed (they pass the command schemas) but
 * otherwise arbitrary: any actor, any org, any time. For fuzzing a decider or
 * a handler: whatever it is given, it must record catalog-valid events or
 * refuse with a typed error. `malformedCommandArb` breaks one field on purpose.
 */

export interface CommandArbOptions {
  /** Default "P1". */
  petitionId?: string;
  /** Types to draw from (default all). */
  types?: readonly CommandType[];
  /** Business times (default: none, the engine's clock decides). */
  at?: fc.Arbitrary<string>;
}

const ORGS = ["bureau", "org-a", "org-b", "org-review", "org-reexam"] as const;

export const actorArb = (): fc.Arbitrary<Actor> =>
  fc
    .record({
      role: fc.constantFrom(...ACTOR_ROLES),
      id: fc.constantFrom("clerk-1", "officer-a", "p-1", "p-2", "inspector-1", "system"),
      org: fc.option(fc.constantFrom(...ORGS), { nil: undefined }),
    })
    .map(({ role, id, org }) => (org === undefined ? { id, role } : { id, role, org }));

const sentence = chineseSentenceArb();

const fieldsArb: { [K in CommandType]: fc.Arbitrary<Record<string, unknown>> } = {
  callBack: fc.record({ resolved: fc.boolean(), rating: fc.constantFrom(...RATINGS) }),
  returnForRehandling: fc.record({ reason: sentence }),
  register: fc
    .record({
      text: petitionTextArb(),
      channel: fc.constantFrom(...CHANNELS),
      category: fc.constantFrom(...CATEGORIES),
      anonymous: fc.boolean(),
      petitioners: fc.array(petitionerArb(), { minLength: 1, maxLength: 3 }),
      representatives: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    })
    .map(({ text, anonymous, petitioners, representatives, ...rest }) => ({
      ...rest,
      anonymous,
      petitioners: anonymous ? [] : petitioners,
      title: text.title,
      content: text.content,
      topic: text.topic,
      location: { region: text.region },
      ...(representatives === undefined ? {} : { representatives }),
    })),
  linkRepeat: fc.record({
    previousPetitionId: fc.constantFrom("P0", "P1", "P2"),
    sameFactsAndReasons: fc.boolean(),
  }),
  route: fc.record({
    toOrg: fc.constantFrom(...ORGS),
    mode: fc.constantFrom("transfer", "assign"),
  }),
  objectRouting: fc.record({ reason: sentence }),
  confirmObjection: fc.constant({}),
  rejectObjection: fc.record({ reason: sentence }),
  redirect: fc.record({ channel: fc.constantFrom(...REDIRECT_CHANNELS), reason: sentence }),
  accept: fc.constant({}),
  notAccept: fc.record({ reason: sentence }),
  extend: fc.record({
    days: fc.integer({ min: 1, max: 60 }),
    reason: sentence,
    approvedBy: fc.constantFrom("head-a", "head-b"),
  }),
  recordMediation: fc.record({ outcome: fc.constantFrom("agreement", "noAgreement") }),
  startHearing: fc.constant({}),
  endHearing: fc.constant({}),
  reply: fc.record({
    outcome: fc.constantFrom(...REPLY_OUTCOMES),
    summary: sentence,
    legalBasis: fc.array(fc.constantFrom("信访工作条例第三十二条", "劳动合同法第三十条"), {
      maxLength: 2,
    }),
  }),
  evaluate: fc.record({ rating: fc.constantFrom(...RATINGS) }),
  requestReview: fc.record({ toOrg: fc.constantFrom(...ORGS), reason: sentence }),
  decideReview: fc.record({ outcome: fc.constantFrom(...DECISION_OUTCOMES), summary: sentence }),
  requestReexamination: fc.record({ toOrg: fc.constantFrom(...ORGS), reason: sentence }),
  decideReexamination: fc.record({
    outcome: fc.constantFrom(...DECISION_OUTCOMES),
    summary: sentence,
  }),
  conclude: fc.record({ reason: fc.constantFrom("resolved", "reviewWindowLapsed") }),
  withdraw: fc
    .record({ reason: fc.option(sentence, { nil: undefined }) })
    .map((r) => (r.reason === undefined ? {} : r)),
  merge: fc.record({ intoPetitionId: fc.constantFrom("P0", "P2") }),
  issueRecommendation: fc.record({
    kind: fc.constantFrom(...RECOMMENDATION_KINDS),
    toOrg: fc.constantFrom(...ORGS),
    content: sentence,
  }),
  issueReminder: fc.constant({}),
  issueSupervision: fc
    .option(fc.integer({ min: 1, max: 4 }), { nil: undefined })
    .map((level) => (level === undefined ? {} : { level })),
  contactCaller: fc.record({ method: fc.constantFrom(...CONTACT_METHODS) }),
  reportBack: sentence.map((summary) => ({ summary })),
};

/** A well-formed command of any (or the given) type, by any actor. */
export const commandArb = (options: CommandArbOptions = {}): fc.Arbitrary<CommandInput> =>
  fc
    .constantFrom(...(options.types ?? COMMAND_TYPES))
    .chain((type) =>
      fc.record({
        type: fc.constant(type),
        actor: actorArb(),
        fields: fieldsArb[type],
        at: options.at ? options.at.map((a): string | undefined => a) : fc.constant(undefined),
      }),
    )
    .map(
      ({ type, actor, fields, at }) =>
        ({
          type,
          petitionId: options.petitionId ?? "P1",
          actor,
          ...(at === undefined ? {} : { at }),
          ...fields,
        }) as CommandInput,
    );

export interface MalformedCommand {
  command: Record<string, unknown>;
  /** The field that was broken, as a `ValidationError` issue path names it. */
  field: string;
}

/**
 * A command with one field broken: a required field removed, given the wrong
 * type, or (for times) not an ISO date-time. The command schemas must reject
 * it with a `ValidationError` naming that field.
 */
export const malformedCommandArb = (
  options: CommandArbOptions = {},
): fc.Arbitrary<MalformedCommand> =>
  fc
    .tuple(
      commandArb({ ...options, at: options.at ?? fc.constant("2025-03-03T09:00:00+08:00") }),
      fc.nat(),
      fc.constantFrom("remove", "wrongType"),
    )
    .map(([command, pick, how]) => {
      const required = ["petitionId", "actor", "at", ...requiredFields[command.type]];
      const field = required[pick % required.length]!;
      const broken: Record<string, unknown> = { ...command };
      if (field === "at") broken.at = "next Tuesday";
      else if (how === "remove") delete broken[field];
      else broken[field] = typeof broken[field] === "number" ? "many" : 42;
      return { command: broken, field };
    });

/** Fields each command type cannot do without (beyond petitionId, actor). */
const requiredFields: Readonly<Record<CommandType, readonly string[]>> = {
  register: ["channel", "title", "content", "category"],
  callBack: ["resolved", "rating"],
  returnForRehandling: ["reason"],
  linkRepeat: ["previousPetitionId", "sameFactsAndReasons"],
  route: ["toOrg"],
  objectRouting: ["reason"],
  confirmObjection: [],
  rejectObjection: ["reason"],
  redirect: ["channel", "reason"],
  accept: [],
  notAccept: ["reason"],
  extend: ["days", "reason", "approvedBy"],
  recordMediation: ["outcome"],
  startHearing: [],
  endHearing: [],
  reply: ["outcome", "summary", "legalBasis"],
  evaluate: ["rating"],
  requestReview: ["toOrg", "reason"],
  decideReview: ["outcome", "summary"],
  requestReexamination: ["toOrg", "reason"],
  decideReexamination: ["outcome", "summary"],
  conclude: ["reason"],
  withdraw: [],
  merge: ["intoPetitionId"],
  issueRecommendation: ["kind", "toOrg", "content"],
  issueReminder: [],
  issueSupervision: [],
  contactCaller: ["method"],
  reportBack: ["summary"],
};
