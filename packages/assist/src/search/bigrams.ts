import { normalizeText } from "../text/normalize.js";

/** Runs of letters and digits: punctuation and spaces break a run, so no gram spans them. */
const RUN = /[\p{L}\p{N}]+/gu;

/**
 * Overlapping character bigrams of every run, space-separated, for an FTS5
 * table with the unicode61 tokenizer: each bigram is one token, so a phrase
 * of a query's bigrams matches exactly the texts that contain the query.
 * A run of one character is kept as itself.
 */
export const bigramTokens = (text: string): string[] => {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(RUN)) {
    const chars = Array.from(m[0]);
    if (chars.length === 1) out.push(chars[0] as string);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
};

/** The runs of a query (its words, as the user typed them, normalised). */
export const queryRuns = (query: string): string[] =>
  [...normalizeText(query).matchAll(RUN)].map((m) => m[0]);
