/**
 * Stream kinds of the practice module, one per thing whose life is tracked.
 * Petitions keep `petition-<id>`; nothing here writes to a petition stream.
 */
export const PRACTICE_STREAMS = {
  campaign: "campaign-",
  suggestion: "suggestion-",
  recommendation: "recommendation-",
  monthlyTopic: "monthly-topic-",
  reception: "reception-",
  leaderCase: "leader-case-",
  coHandling: "co-handling-",
} as const;

export type PracticeStreamKind = keyof typeof PRACTICE_STREAMS;

export const practiceStreamId = (kind: PracticeStreamKind, id: string): string =>
  `${PRACTICE_STREAMS[kind]}${id}`;

/** The kind and id of a practice stream, or undefined for any other stream. */
export function parsePracticeStreamId(
  streamId: string,
): { kind: PracticeStreamKind; id: string } | undefined {
  // monthly-topic- before any shorter prefix it could share a start with.
  for (const kind of Object.keys(PRACTICE_STREAMS) as PracticeStreamKind[]) {
    const prefix = PRACTICE_STREAMS[kind];
    if (streamId.startsWith(prefix) && streamId.length > prefix.length) {
      return { kind, id: streamId.slice(prefix.length) };
    }
  }
  return undefined;
}
