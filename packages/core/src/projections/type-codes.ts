/**
 * Event types as small integer codes, so a fold that sees every event of a
 * long log compares one number per branch instead of a type string per case.
 * The types the built-in folds branch on have fixed codes (their index here);
 * any other type, custom ones included, gets the next free code the first
 * time it is seen, for as long as the process runs.
 */
const FIXED = [
  "PetitionRegistered",
  "RepeatPetitionLinked",
  "PetitionMerged",
  "PetitionRouted",
  "RoutingObjected",
  "PetitionRedirected",
  "PetitionAccepted",
  "PetitionNotAccepted",
  "HandlingExtended",
  "ReplyIssued",
  "SatisfactionEvaluated",
  "ReviewRequested",
  "ReviewDecided",
  "ReexaminationRequested",
  "ReexaminationDecided",
  "HearingEnded",
  "PetitionConcluded",
  "PetitionWithdrawn",
  "ReminderIssued",
  "SupervisionIssued",
  "ReturnedForRehandling",
  "CallerContacted",
  "CallBackRecorded",
] as const;

type FixedType = (typeof FIXED)[number];

/** The fixed code of each type the built-in folds branch on. */
export const TYPE = Object.fromEntries(FIXED.map((type, code) => [type, code])) as {
  readonly [K in FixedType]: number;
};

const names: string[] = [...FIXED];
const codes = new Map<string, number>(FIXED.map((type, code) => [type, code]));

/** The code of an event type (one is assigned the first time a type is seen). */
export const typeCode = (type: string): number => {
  const found = codes.get(type);
  if (found !== undefined) return found;
  const code = names.length;
  names.push(type);
  codes.set(type, code);
  return code;
};

/** The type of a code given by `typeCode`. */
export const typeName = (code: number): string => names[code]!;
