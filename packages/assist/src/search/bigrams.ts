import { normalizeText } from "../text/normalize.js";

/** Runs of letters and digits: punctuation and spaces break a run, so no gram spans them. */
const RUN = /[\p{L}\p{N}]+/gu;

/**
 * Between two runs in the FTS5 bigram columns: a token of three letters, so
 * no query produces it (a query becomes bigrams or single characters), and
 * the bigrams either side of a comma are not adjacent: without it "停车。车费"
 * would match the phrase of "停车费".
 */
export const RUN_BREAK = "brk";

const runsOf = (text: string): string[][] =>
  [...normalizeText(text).matchAll(RUN)].map((m) => Array.from(m[0]));

const bigramsOfRun = (chars: readonly string[], out: string[]): void => {
  if (chars.length === 1) out.push(chars[0] as string);
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
};

/**
 * Overlapping character bigrams of every run, for an FTS5 table with the
 * unicode61 tokenizer or a set of grams: each bigram is one token, so a
 * phrase of a query's bigrams matches the texts that contain the query.
 * A run of one character is kept as itself.
 */
export const bigramTokens = (text: string): string[] => {
  const out: string[] = [];
  for (const chars of runsOf(text)) bigramsOfRun(chars, out);
  return out;
};

/** `bigramTokens` with RUN_BREAK between runs, as one FTS5 column's text: phrases stay within a run. */
export const bigramColumn = (text: string): string => {
  const out: string[] = [];
  for (const chars of runsOf(text)) {
    if (out.length > 0) out.push(RUN_BREAK);
    bigramsOfRun(chars, out);
  }
  return out.join(" ");
};

/** Every letter and digit of the text as a token (repeats kept, for term frequency). */
export const charTokens = (text: string): string[] => runsOf(text).flat();

/** The runs of a query (its words, as the user typed them, normalised). */
export const queryRuns = (query: string): string[] =>
  [...normalizeText(query).matchAll(RUN)].map((m) => m[0]);
