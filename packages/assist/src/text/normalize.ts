/**
 * Text normalisation shared by every assist module: NFKC folds full-width
 * letters, digits and punctuation (Ａ１，) to their ASCII forms, so "Ａ1区"
 * and "A1区" are one token; Latin letters are lower-cased.
 */
export const normalizeText = (text: string): string =>
  text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** Characters of a normalised text without whitespace: the alphabet of character n-grams. */
const compactChars = (text: string): string[] => Array.from(normalizeText(text).replace(/ /g, ""));

/** Character n-grams of every length in [min, max], in text order (duplicates kept). */
export const charNgrams = (text: string, min: number, max: number): string[] => {
  const chars = compactChars(text);
  const grams: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      let gram = chars[i] ?? "";
      for (let k = 1; k < n; k++) gram += chars[i + k] ?? "";
      grams.push(gram);
    }
  }
  return grams;
};

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * Words of a Chinese text by the ICU dictionary segmenter built into Node
 * (Intl.Segmenter): no model download. Punctuation and spaces are dropped.
 */
export const words = (text: string): string[] => {
  const out: string[] = [];
  for (const part of segmenter.segment(normalizeText(text))) {
    if (part.isWordLike) out.push(part.segment);
  }
  return out;
};
