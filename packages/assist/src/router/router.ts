import { AssistInputError, RouterModelError } from "../errors.js";
import { sha256Hex } from "../text/hash.js";
import { charTfidfOf, fitCharTfidf, vectorize } from "./char-tfidf.js";
import {
  balancedClassWeights,
  DEFAULT_SVM_OPTIONS,
  type SvmOptions,
  trainOneVsRest,
} from "./linear-svm.js";
import { dot } from "./sparse.js";

/** One labelled past case: its text and where it went (an org, a topic or a category). */
export interface LabelledText {
  text: string;
  label: string;
}

/**
 * A trained router as a self-contained artefact (plain JSON). `hash` is the
 * SHA-256 of the rest of the model's JSON, so a log can record exactly which
 * model made a suggestion, and a changed file is refused.
 */
export interface RouterModel {
  format: "petitio-router";
  formatVersion: 1;
  trainedOn: { examples: number; perLabel: Record<string, number> };
  features: {
    kind: "char-tfidf";
    minN: number;
    maxN: number;
    minDf: number;
    terms: string[];
    idf: number[];
  };
  svm: { c: number; classWeights: "balanced" };
  labels: string[];
  /** Per label: one weight per term, then the bias. */
  weights: number[][];
  hash: string;
}

export interface RouteSuggestion {
  label: string;
  /** The linear SVM's decision value for the label (> 0: on the label's side of its boundary). */
  score: number;
  /** Decision value of the best label minus the second: how clear the choice is. */
  margin: number;
  top: { label: string; score: number }[];
  /** The character n-grams that pushed hardest towards the label. */
  reasons: { term: string; weight: number }[];
  model: string;
}

export interface TrainRouterOptions {
  minDf?: number;
  svm?: Partial<SvmOptions>;
}

/** Six significant digits keep the artefact small; the trained and the loaded model then predict identically. */
const round = (value: number): number => Number(value.toPrecision(6));

const hashOf = (model: Omit<RouterModel, "hash">): string => sha256Hex(JSON.stringify(model));

export const trainRouter = (
  examples: readonly LabelledText[],
  options: TrainRouterOptions = {},
): RouterModel => {
  if (examples.length === 0)
    throw new AssistInputError("examples", "no labelled texts to train on");
  examples.forEach((e, i) => {
    if (typeof e.text !== "string" || e.text.trim() === "") {
      throw new AssistInputError(`examples[${i}].text`, "must be a non-empty string");
    }
    if (typeof e.label !== "string" || e.label === "") {
      throw new AssistInputError(`examples[${i}].label`, "must be a non-empty string");
    }
  });
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new AssistInputError("examples", "need at least two labels");
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = examples.map((e) => labelIndex.get(e.label) ?? 0);
  const tfidf = fitCharTfidf(
    examples.map((e) => e.text),
    { minN: 1, maxN: 2, minDf: options.minDf ?? 2 },
  );
  const rows = examples.map((e) => vectorize(tfidf, e.text));
  const svm = { ...DEFAULT_SVM_OPTIONS, ...options.svm };
  const weights = trainOneVsRest(
    rows,
    y,
    labels.length,
    tfidf.vocabulary.size,
    balancedClassWeights(y, labels.length),
    svm,
  );
  const perLabel: Record<string, number> = {};
  for (const e of examples) perLabel[e.label] = (perLabel[e.label] ?? 0) + 1;
  const body: Omit<RouterModel, "hash"> = {
    format: "petitio-router",
    formatVersion: 1,
    trainedOn: { examples: examples.length, perLabel },
    features: {
      kind: "char-tfidf",
      ...tfidf.options,
      terms: [...tfidf.vocabulary.keys()],
      idf: Array.from(tfidf.idf, round),
    },
    svm: { c: svm.c, classWeights: "balanced" },
    labels,
    weights: weights.map((w) => Array.from(w, round)),
  };
  return { ...body, hash: hashOf(body) };
};

/** Check a parsed model file: its shape and its hash. */
export const readRouterModel = (value: unknown): RouterModel => {
  const m = value as Partial<RouterModel> | null;
  if (m === null || typeof m !== "object" || m.format !== "petitio-router") {
    throw new RouterModelError('not a Petitio router model (format must be "petitio-router")');
  }
  if (m.formatVersion !== 1)
    throw new RouterModelError(`unsupported formatVersion ${String(m.formatVersion)}`);
  const terms = m.features?.terms;
  if (
    !Array.isArray(terms) ||
    !Array.isArray(m.features?.idf) ||
    m.features.idf.length !== terms.length
  ) {
    throw new RouterModelError("features.terms and features.idf must be arrays of one length");
  }
  if (
    !Array.isArray(m.labels) ||
    !Array.isArray(m.weights) ||
    m.weights.length !== m.labels.length
  ) {
    throw new RouterModelError("labels and weights must be arrays of one length");
  }
  if (m.weights.some((w) => !Array.isArray(w) || w.length !== terms.length + 1)) {
    throw new RouterModelError("every weights row must have one entry per term plus the bias");
  }
  const { hash, ...body } = m as RouterModel;
  const actual = hashOf(body);
  if (hash !== actual)
    throw new RouterModelError(`hash ${String(hash)} does not match the content (${actual})`);
  return m as RouterModel;
};

export interface Router {
  readonly model: RouterModel;
  suggest(text: string, top?: number): RouteSuggestion;
}

export const createRouter = (model: RouterModel): Router => {
  const { terms, idf, minN, maxN, minDf } = model.features;
  const tfidf = charTfidfOf({ minN, maxN, minDf }, terms, idf);
  const weights = model.weights.map((w) => Float64Array.from(w));
  const bias = terms.length;
  return {
    model,
    suggest(text, top = 3) {
      const x = vectorize(tfidf, text);
      const scores = weights.map((w, c) => ({ c, score: dot(x, w) + (w[bias] ?? 0) }));
      scores.sort((a, b) => b.score - a.score);
      const best = scores[0] as { c: number; score: number };
      const w = weights[best.c] as Float64Array;
      // The five n-grams that pushed hardest towards the label, by insertion into a short list.
      const reasons: { term: string; weight: number }[] = [];
      for (let k = 0; k < x.indices.length; k++) {
        const index = x.indices[k] as number;
        const weight = (x.values[k] ?? 0) * (w[index] ?? 0);
        if (reasons.length === 5 && weight <= (reasons[4]?.weight ?? 0)) continue;
        let at = reasons.length;
        while (at > 0 && (reasons[at - 1]?.weight ?? 0) < weight) at--;
        reasons.splice(at, 0, { term: terms[index] ?? "", weight });
        if (reasons.length > 5) reasons.pop();
      }
      return {
        label: model.labels[best.c] ?? "",
        score: round(best.score),
        margin: round(best.score - (scores[1]?.score ?? best.score)),
        top: scores
          .slice(0, top)
          .map((s) => ({ label: model.labels[s.c] ?? "", score: round(s.score) })),
        reasons: reasons.map((r) => ({ term: r.term, weight: round(r.weight) })),
        model: model.hash,
      };
    },
  };
};
