import { charNgrams, normalizeText, words as wordsOf } from "../text/normalize.js";
import { bandKeys, shinglesOf } from "./minhash.js";
import { placesOf } from "./places.js";
import { type TermCounts, termCountsOf } from "./term-vector.js";

/**
 * How a text is cut into terms for the TF-IDF cosine: ICU words
 * (Intl.Segmenter, the measured strongest signal) or overlapping character
 * bigrams (about ten times faster; see docs/assist.md for both figures).
 */
export type Tokenization = "words" | "bigrams";

/** A petition as duplicate detection sees it (from a `CaseRecord` or an intake form). */
export interface DuplicateInput {
  petitionId: string;
  title: string;
  content: string;
  /** `id:…`, `phone:…`, `name:…` (see CaseRecord.petitionerKeys). */
  petitionerKeys?: readonly string[];
  /** Epoch ms. */
  receivedAt: number;
  /**
   * What is asked, as a category or topic label (the router's suggestion, or
   * the category recorded at registration). Optional: where both petitions
   * have one and they differ, that weighs against a duplicate.
   */
  category?: string | undefined;
}

export interface Analysed {
  terms: TermCounts;
  /** The title's own terms (a subset of `terms`): what is asked, for the title cosine. */
  titleTerms: TermCounts;
  bands: Uint32Array;
  /** The normalised title and content opening: where the other side's places are looked for. */
  normal: string;
  /** Districts, named places and numbers (see places.ts). */
  places: string[];
  /** The normalised title (NFKC, lower case): what the index keeps of it. */
  normalTitle: string;
  /** The title's character bigrams as numbers (titleBigramsOf). */
  titleGrams: Set<number>;
  petitionerKeys: readonly string[];
}

/** Named places are what candidates are looked up by; districts and numbers only weigh in the score. */
export const isNamedPlace = (place: string): boolean =>
  !/^[\d.]/.test(place) && !/^[a-l]\d{0,2}[市区县]$/.test(place);

/**
 * The distinct character bigrams of a normalised title, each as one number
 * (two UTF-16 code units), spaces left out: no string a bigram, so comparing
 * a title with two hundred candidates' allocates little.
 */
export const titleBigramsOf = (normalTitle: string): Set<number> => {
  const grams = new Set<number>();
  let previous = -1;
  for (let i = 0; i < normalTitle.length; i++) {
    const c = normalTitle.charCodeAt(i);
    if (c === 32) continue;
    if (previous >= 0) grams.add(previous * 65_536 + c);
    previous = c;
  }
  return grams;
};

/**
 * Only the title and the opening of the content are read: whether two
 * petitions are on one matter shows there, and the segmenter's cost grows
 * with length (a check must stay within a few milliseconds).
 */
export const MAX_CONTENT_CHARS = 500;

export const analyse = (input: DuplicateInput, tokenization: Tokenization): Analysed => {
  const content = input.content.slice(0, MAX_CONTENT_CHARS);
  const normal = normalizeText(`${input.title}\n${content}`);
  const normalTitle = normalizeText(input.title);
  // Title and content cut apart (no term spans the line break between them anyway).
  const cut = (text: string): string[] =>
    tokenization === "words" ? wordsOf(text) : charNgrams(text, 2, 2);
  const titleTerms = cut(input.title);
  const terms = [...titleTerms, ...cut(content)];
  return {
    terms: termCountsOf(terms),
    titleTerms: termCountsOf(titleTerms),
    normal,
    bands: bandKeys(shinglesOf(terms)),
    places: placesOf(normal),
    normalTitle,
    titleGrams: titleBigramsOf(normalTitle),
    petitionerKeys: input.petitionerKeys ?? [],
  };
};
