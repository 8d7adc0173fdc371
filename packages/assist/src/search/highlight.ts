import { normalizeText } from "../text/normalize.js";

/**
 * Snippets of `text` around each matched term, the match wrapped in 【】.
 * Matching is on the normalised text; NFKC can change lengths, so the
 * snippet is cut from the normalised text too.
 */
/** Wrap every occurrence of any term in 【】, longest term first, without nesting. */
const mark = (text: string, terms: readonly string[]): string => {
  const sorted = [...new Set(terms)].filter((t) => t !== "").sort((a, b) => b.length - a.length);
  let out = "";
  let i = 0;
  let open = -1;
  while (i < text.length) {
    const term = sorted.find((t) => text.startsWith(t, i));
    if (term === undefined) {
      if (open !== -1) {
        out += "】";
        open = -1;
      }
      out += text[i];
      i++;
    } else {
      if (open === -1) {
        out += "【";
        open = i;
      }
      out += term;
      i += term.length;
    }
  }
  return open === -1 ? out : `${out}】`;
};

export const highlight = (
  text: string,
  terms: readonly string[],
  width = 24,
  most = 3,
): string[] => {
  const normal = normalizeText(text);
  const hits: { start: number; end: number }[] = [];
  for (const term of terms) {
    if (term === "") continue;
    let at = normal.indexOf(term);
    while (at !== -1 && hits.length < 50) {
      hits.push({ start: at, end: at + term.length });
      at = normal.indexOf(term, at + term.length);
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const snippets: string[] = [];
  let covered = -1;
  for (const hit of hits) {
    if (hit.start < covered) continue;
    const from = Math.max(0, hit.start - width);
    const to = Math.min(normal.length, hit.end + width);
    const window = normal.slice(from, to);
    snippets.push(`${from > 0 ? "…" : ""}${mark(window, terms)}${to < normal.length ? "…" : ""}`);
    covered = to;
    if (snippets.length === most) break;
  }
  return snippets;
};
