import { hotline12345Policy, nationalPolicy } from "@petitio/core";
import { open311Policy, policyDeadlines } from "./deadlines.js";
import { createFuzhouImporter } from "./fuzhou12345.js";
import type { Importer } from "./importer.js";
import { createNyc311Importer } from "./nyc311.js";
import { createTeddycupImporter } from "./teddycup.js";

export type { Importer, StageDeadlines } from "./importer.js";

/** Every dataset kind `petitio import` knows, by kind name. */
export const IMPORTERS: readonly Importer[] = [
  createTeddycupImporter(policyDeadlines(nationalPolicy), nationalPolicy.name),
  // A 12345 hotline: its request types and per-type limits (BJ Art. 11, 13).
  createFuzhouImporter(policyDeadlines(hotline12345Policy), hotline12345Policy.name),
  createNyc311Importer(policyDeadlines(open311Policy), open311Policy.name),
];

export const importerFor = (kind: string): Importer | undefined =>
  IMPORTERS.find((i) => i.kind === kind);
